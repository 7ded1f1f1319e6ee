/**
 * The simulated-mask dataset of paper 3.1.2 (MaskTheFace on the unmasked photos of the same
 * people), built with the masks stage's `insertMask`: per photo the best face is detected, its 68
 * landmarks found and a mask drawn on a copy; the original and the masked copy are both cropped to
 * the same face box, so the two groups differ only by the mask. Photos where no face is found get no
 * copy and are left out of both groups (the paper: "some real faces were not detected by MaskTheFace").
 */
import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { RMFD_MASKED_DIR, RMFD_UNMASKED_DIR } from '../data/layout.js';
import { cropFace } from '../face/crop.js';
import { loadDetector, type DetectorKind } from '../face/detectors.js';
import { load as loadLandmarks } from '../face/landmarks68/index.js';
import { decodeImage, isImagePath, writeImage } from '../image/io.js';
import { insertMask, MaskOptionsSchema } from '../mask/index.js';
import { MaskfaceError } from '../errors.js';
import type { MaskDataset } from './arms.js';

export interface SimulateMasksConfig {
  /** Face detector; default MTCNN (the paper's). */
  readonly detector?: DetectorKind;
  /** Context kept around the face box on each side, fraction of its size; default 0.2. */
  readonly cropMargin?: number;
  /** Lowest detector score that counts as a face; default 0.9. */
  readonly minScore?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** A `MaskDataset` that owns a detector and the landmark model for the length of one call. */
export function simulateMasks(config: SimulateMasksConfig = {}): MaskDataset {
  return async ({ input, out, type, color, seed }) => {
    const parsed = MaskOptionsSchema.safeParse({ type, color });
    if (!parsed.success) {
      throw new MaskfaceError('MF_INVALID_ARGUMENT', `--mask-type ${type} / --mask-color ${color}: ${parsed.error.issues[0]?.message ?? 'invalid'}. See \`maskface mask --help\` for the types and colours.`);
    }
    const photos: { person: string; path: string }[] = [];
    for (const person of (await readdir(input)).filter((n) => !n.startsWith('.')).sort()) {
      for (const name of (await readdir(join(input, person))).filter(isImagePath).sort()) photos.push({ person, path: join(input, person, name) });
    }
    const detector = await loadDetector({ kind: config.detector ?? 'mtcnn' });
    const landmarks = await loadLandmarks();
    const noFace: string[] = [];
    let masked = 0;
    try {
      for (const [i, photo] of photos.entries()) {
        const image = await decodeImage(photo.path);
        const [face] = await detector.detect(image, { maxFaces: 1, minScore: config.minScore ?? 0.9 });
        if (face === undefined) {
          noFace.push(photo.path);
        } else {
          const points = await landmarks.detect(image, face.box);
          // One seed per photo, derived from the base seed and the photo's place: the same data gives the same bytes.
          const withMask = insertMask(image, points, { type: parsed.data.type ?? 'cloth', color, seed: (seed + i) >>> 0 });
          const stem = basename(photo.path, extname(photo.path));
          const margin = config.cropMargin ?? 0.2;
          await writeImage(join(out, RMFD_UNMASKED_DIR, photo.person, `${stem}.png`), cropFace(image, face.box, margin));
          await writeImage(join(out, RMFD_MASKED_DIR, photo.person, `${stem}_${type}.png`), cropFace(withMask, face.box, margin));
          masked++;
        }
        config.onProgress?.(i + 1, photos.length);
      }
    } finally {
      detector.dispose();
      landmarks.dispose();
    }
    return { masked, noFace };
  };
}
