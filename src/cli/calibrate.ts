/** `maskface calibrate <gallery> --strangers <folder> [--genuine <folder>] [--far 0.05]`: chooses and stores the threshold. */
import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { z } from 'zod';
import { invalidArgument } from '../errors.js';
import { calibrateGallery } from '../recognize/calibrate-gallery.js';
import { openGallerySession } from '../recognize/session.js';

const OptionsSchema = z.object({
  /** Folder of photos of people never enrolled. */
  strangers: z.string(),
  /** Folder-per-person of held-out photos of enrolled people. */
  genuine: z.string().optional(),
  /** Target false-accept rate in [0, 1); default 0.05. */
  far: z.coerce.number().min(0).lt(1).default(0.05),
  json: z.boolean().default(false),
});

export function register(program: Command): void {
  program
    .command('calibrate')
    .description('Choose the gallery\'s threshold for a target false-accept rate on strangers, report the false-reject rate on held-out photos')
    .argument('<gallery>', 'gallery: a SQLite file, or postgres://user:password@host:port/database?gallery=name')
    .requiredOption('--strangers <folder>', 'photos of people never enrolled, e.g. ../shared/datasets/lfw-strangers')
    .option('--genuine <folder>', 'held-out photos of enrolled people, one folder per person named as enrolled')
    .option('--far <rate>', 'target false-accept rate, 0..1', '0.05')
    .option('--json', 'print JSON')
    .action(async (galleryPath: string, raw: unknown) => {
      const parsed = OptionsSchema.safeParse(raw);
      if (!parsed.success) throw invalidArgument(`calibrate --${String(parsed.error.issues[0]?.path[0])}`, parsed.error.issues[0]?.message ?? 'a valid value', raw);
      const opts = parsed.data;
      const session = await openGallerySession(galleryPath);
      const bar = new SingleBar({ format: 'calibrate [{bar}] {value}/{total}', stream: process.stderr }, Presets.shades_classic);
      const showBar = process.stderr.isTTY === true && !opts.json;
      let started = false;
      try {
        const report = await calibrateGallery(session, {
          strangers: opts.strangers,
          far: opts.far,
          ...(opts.genuine === undefined ? {} : { genuine: opts.genuine }),
          onPhoto: (done, total) => {
            if (!showBar) return;
            if (!started) { bar.start(total, 0); started = true; }
            bar.update(done);
          },
        });
        if (started) bar.stop();
        if (opts.json) { console.log(JSON.stringify(report, null, 2)); return; }
        console.log(`threshold ${report.threshold.toFixed(4)} (cosine similarity, ${report.embedder}) stored in ${session.gallery.location}`);
        console.log(`false accepts: ${(100 * report.far).toFixed(1)} % of ${report.strangers} strangers would be named as someone enrolled (target ${(100 * report.targetFar).toFixed(1)} %)`);
        if (report.frr !== undefined) console.log(`false rejects: ${(100 * report.frr).toFixed(1)} % of ${report.genuine} held-out photos of enrolled people would be "unknown" or misnamed`);
        if (report.noFace > 0) console.log(`${report.noFace} photos had no face and were skipped`);
      } finally {
        if (started) bar.stop();
        await session.close();
      }
    });
}
