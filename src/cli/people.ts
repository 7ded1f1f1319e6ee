/** `maskface people <gallery> [--remove name]`: lists the enrolled people or removes one. */
import type { Command } from 'commander';
import { openGallery } from '../recognize/open-gallery.js';

export function register(program: Command): void {
  program
    .command('people')
    .description('List the people enrolled in a gallery, or remove one')
    .argument('<gallery>', 'gallery: a SQLite file, or postgres://user:password@host:port/database?gallery=name')
    .option('--remove <name>', 'remove this person and all their samples')
    .option('--json', 'print JSON')
    .action(async (galleryPath: string, opts: { remove?: string; json?: boolean }) => {
      const gallery = await openGallery(galleryPath);
      try {
        if (opts.remove !== undefined) {
          await gallery.remove(opts.remove);
          if (opts.json !== true) console.log(`removed ${opts.remove} from ${gallery.location}`);
        }
        const people = await gallery.people();
        const calibration = await gallery.calibration(gallery.embedder);
        if (opts.json === true) {
          console.log(JSON.stringify({ embedder: gallery.embedder, calibration: calibration ?? null, people }, null, 2));
          return;
        }
        if (opts.remove !== undefined) return;
        console.log(`${gallery.location}: ${people.length} people, embedder ${gallery.embedder}, ` +
          (calibration === undefined ? 'threshold not calibrated (maskface calibrate)' : `threshold ${calibration.threshold.toFixed(3)} (FAR ${(100 * calibration.far).toFixed(1)} % on ${calibration.strangers} strangers)`));
        for (const p of people) {
          console.log(`  ${p.name}: ${p.unmasked} unmasked, ${p.masked} masked, ${p.syntheticMasked} synthetic-masked (enrolled ${p.enrolledAt})`);
        }
      } finally {
        await gallery.close();
      }
    });
}
