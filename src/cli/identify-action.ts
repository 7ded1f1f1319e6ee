/** What `maskface identify` does once its flags are parsed (identify.ts defines the flags and help, and loads this module only to run). */
import { z } from 'zod';
import { invalidArgument } from '../errors.js';
import { assertPhotoFile, decodeImage } from '../image/io.js';
import { mainFace } from '../recognize/faces-in-photo.js';
import { recognizePhoto } from '../recognize/recognize-photo.js';
import { GalleryRecognizer } from '../recognize/recognizer.js';
import { openGallerySession } from '../recognize/session.js';

const OptionsSchema = z.object({
  /** Cosine-similarity threshold overriding the gallery's calibrated one, in [-1, 1]. */
  threshold: z.coerce.number().min(-1).max(1).optional(),
  /** Verify (1:1) the photo's main face against this enrolled person instead of identifying. */
  verify: z.string().optional(),
  json: z.boolean().default(false),
});

const maskNote = (masked: boolean | undefined): string => (masked === undefined ? '' : masked ? ', masked' : ', no mask');

export async function identify(galleryPath: string, photo: string, raw: unknown): Promise<void> {
  const parsed = OptionsSchema.safeParse(raw);
  if (!parsed.success) throw invalidArgument('identify --threshold', 'a number in [-1, 1]', (raw as { threshold?: unknown }).threshold);
  const opts = parsed.data;
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
}
