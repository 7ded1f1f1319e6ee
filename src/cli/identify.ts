/** `maskface identify <gallery> <photo> [--json] [--verify name]`: names every face of a photo (or `unknown`), or verifies one person. */
import type { Command } from 'commander';
import { z } from 'zod';
import { invalidArgument } from '../errors.js';

const OptionsSchema = z.object({
  /** Cosine-similarity threshold overriding the gallery's calibrated one, in [-1, 1]. */
  threshold: z.coerce.number().min(-1).max(1).optional(),
  /** Verify (1:1) the photo's main face against this enrolled person instead of identifying. */
  verify: z.string().optional(),
  json: z.boolean().default(false),
});

const maskNote = (masked: boolean | undefined): string => (masked === undefined ? '' : masked ? ', masked' : ', no mask');

export function register(program: Command): void {
  program
    .command('identify')
    .description('Identify the faces of a photo against a gallery (1:N, open set: below the threshold a face is "unknown"), or verify one person (1:1)')
    .argument('<gallery>', 'gallery: a SQLite file, or postgres://user:password@host:port/database?gallery=name')
    .argument('<photo>', 'photo to identify')
    .option('--threshold <t>', 'cosine similarity threshold (default: the gallery\'s calibrated one)')
    .option('--verify <name>', 'verification (1:1): is the largest face this enrolled person?')
    .option('--json', 'print JSON')
    .action(async (galleryPath: string, photo: string, raw: unknown) => {
      const parsed = OptionsSchema.safeParse(raw);
      if (!parsed.success) throw invalidArgument('identify --threshold', 'a number in [-1, 1]', (raw as { threshold?: unknown }).threshold);
      const opts = parsed.data;
      // Loaded here, not at the top: `identify --help` needs none of TensorFlow.js, onnxruntime or sharp.
      const [{ assertPhotoFile, decodeImage }, { mainFace }, { recognizePhoto }, { GalleryRecognizer }, { openGallerySession }] = await Promise.all([
        import('../image/io.js'), import('../recognize/faces-in-photo.js'), import('../recognize/recognize-photo.js'), import('../recognize/recognizer.js'), import('../recognize/session.js'),
      ]);
      await assertPhotoFile(photo);
      const session = await openGallerySession(galleryPath);
      try {
        const recognizer = await GalleryRecognizer.create(session.gallery, session.encoder, {
          ...(opts.threshold === undefined ? {} : { threshold: opts.threshold }),
          ...(session.maskClassifier === undefined ? {} : { maskClassifier: session.maskClassifier }),
        });
        const image = await decodeImage(photo);
        if (opts.verify !== undefined) {
          const face = await mainFace(session.detector, image, photo, 0.8);
          const result = await recognizer.verify(image, face, opts.verify);
          if (opts.json) console.log(JSON.stringify({ photo, ...result }, null, 2));
          else console.log(`${result.match ? 'match' : 'no match'}: ${photo} vs ${result.name} (score ${result.score.toFixed(3)}, threshold ${result.threshold.toFixed(3)}${maskNote(result.masked)})`);
          return;
        }
        const faces = await recognizePhoto(session.detector, recognizer, image);
        if (opts.json) {
          // Each face carries the threshold it was held to (masked and unmasked faces have their own).
          console.log(JSON.stringify({ photo, faces }, null, 2));
          return;
        }
        if (faces.length === 0) console.log(`${photo}: no face found`);
        for (const f of faces) {
          const b = f.box;
          console.log(`${f.name} (score ${f.confidence.toFixed(3)}, threshold ${f.threshold.toFixed(3)}${maskNote(f.masked)}) at x=${Math.round(b.x)} y=${Math.round(b.y)} ${Math.round(b.width)}x${Math.round(b.height)}`);
        }
      } finally {
        await session.close();
      }
    });
}
