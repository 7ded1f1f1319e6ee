/** `maskface enroll <gallery> <name> <photos...>`: adds a person (or more photos of them) to a gallery. */
import type { Command } from 'commander';
import { z } from 'zod';
import { invalidArgument } from '../errors.js';
import { enrolPerson } from '../recognize/enrol.js';
import { DEFAULT_EMBEDDER, EMBEDDER_NAMES } from '../recognize/face-encoder.js';
import { loadMaskSynthesizer } from '../recognize/landmark-mask-synthesizer.js';
import { openGallerySession } from '../recognize/session.js';

const OptionsSchema = z.object({
  /** Embedder of a new gallery; default faceres+upper (ignored for an existing gallery). */
  embedder: z.enum(EMBEDDER_NAMES).default(DEFAULT_EMBEDDER),
  /** Skip synthetic masked samples; default false. */
  syntheticMasks: z.boolean().default(true),
  /** Minimum face detector score in [0, 1]; default 0.8. */
  minFaceScore: z.coerce.number().min(0).max(1).default(0.8),
  json: z.boolean().default(false),
});

export function register(program: Command): void {
  program
    .command('enroll')
    .description('Enrol a person from one or more photos (one face each); unmasked-only enrolments also get synthetic masked samples')
    .argument('<gallery>', 'gallery: a SQLite file, or postgres://user:password@host:port/database?gallery=name; created if missing')
    .argument('<name>', 'the person\'s name')
    .argument('<photos...>', 'photos of the person')
    .option('--embedder <name>', `embedder of a new gallery (${EMBEDDER_NAMES.join(', ')})`, DEFAULT_EMBEDDER)
    .option('--no-synthetic-masks', 'do not add synthetic masked samples')
    .option('--min-face-score <s>', 'minimum face detector score, 0..1', '0.8')
    .option('--json', 'print the result as JSON')
    .action(async (galleryPath: string, name: string, photos: string[], raw: unknown) => {
      const parsed = OptionsSchema.safeParse(raw);
      if (!parsed.success) throw invalidArgument(`enroll --${String(parsed.error.issues[0]?.path[0])}`, parsed.error.issues[0]?.message ?? 'a valid value', raw);
      const opts = parsed.data;
      const session = await openGallerySession(galleryPath, { create: true, embedder: opts.embedder, ...(opts.syntheticMasks ? { maskSynthesizer: () => loadMaskSynthesizer() } : {}) });
      try {
        const report = await enrolPerson(session, name, photos, { minFaceScore: opts.minFaceScore, noSyntheticMasks: !opts.syntheticMasks });
        if (opts.json) console.log(JSON.stringify(report, null, 2));
        else {
          console.log(`${report.name}: added ${report.added.unmasked} unmasked, ${report.added.masked} masked, ${report.added['synthetic-masked']} synthetic-masked samples (${report.samples} in all) to ${session.gallery.location}`);
        }
      } finally {
        await session.close();
      }
    });
}
