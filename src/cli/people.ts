/** `maskface people <gallery> [--remove name]`: lists the enrolled people or removes one. */
import type { Command } from 'commander';
import { COHORT_FAR, updateCohortCalibration } from '../recognize/cohort/cohort-calibration.js';
import type { Calibration } from '../recognize/gallery.js';
import { type ThresholdInForce, galleryThresholdWithSource } from '../recognize/recognizer.js';
import { openGallery } from '../recognize/open-gallery.js';

function describeThreshold(inForce: ThresholdInForce | undefined, calibration: Calibration | undefined): string {
  if (inForce === undefined) return 'no threshold (run maskface calibrate)';
  const t = inForce.thresholds;
  const value = t === undefined ? `threshold ${inForce.threshold.toFixed(3)}` : `threshold ${t.unmasked.toFixed(3)} for unmasked faces, ${t.masked.toFixed(3)} for masked ones`;
  if (inForce.source === 'calibrated' && calibration !== undefined) return `${value} (maskface calibrate: FAR ${(100 * calibration.far).toFixed(1)} % on ${calibration.strangers} strangers)`;
  if (inForce.source === 'cohort') return `${value} (shipped stranger cohort, target FAR ${(100 * COHORT_FAR).toFixed(0)} %; maskface calibrate sets your own)`;
  return `${value} (default of the embedder)`;
}

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
          await updateCohortCalibration(gallery, gallery.embedder);
          if (opts.json !== true) console.log(`removed ${opts.remove} from ${gallery.location}`);
        }
        const people = await gallery.people();
        const calibration = await gallery.calibration(gallery.embedder);
        const inForce = await galleryThresholdWithSource(gallery, gallery.embedder);
        if (opts.json === true) {
          const { cohort: _scores, ...stored } = calibration ?? { cohort: undefined };
          console.log(JSON.stringify({ embedder: gallery.embedder, threshold: inForce ?? null, calibration: calibration === undefined ? null : stored, people }, null, 2));
          return;
        }
        if (opts.remove !== undefined) return;
        console.log(`${gallery.location}: ${people.length} people, embedder ${gallery.embedder}, ` +
          describeThreshold(inForce, calibration));
        for (const p of people) {
          console.log(`  ${p.name}: ${p.unmasked} unmasked, ${p.masked} masked, ${p.syntheticMasked} synthetic-masked (enrolled ${p.enrolledAt})`);
        }
      } finally {
        await gallery.close();
      }
    });
}
