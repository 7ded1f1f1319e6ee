/**
 * The automatic cleaning pass of `prepare` (paper 3.1.2): an unmasked photo in which the detector
 * finds no face at the threshold is left out with that reason. Masked photos are kept unchecked by
 * default, since a mask hides what detectors look for; `checkMasked` checks them too.
 */
import type { PhotoFilter, PhotoInfo } from '../data/filters.js';
import { invalidArgument } from '../errors.js';
import type { RgbImage } from '../image/types.js';
import { expandBox, padImage } from './crop.js';
import type { FaceDetector } from './types.js';

export interface FaceFilterOptions {
  /** Lowest detector score that counts as a face, in [0, 1]; default 0.7. */
  readonly minScore?: number;
  /** Smallest face searched for, in pixels; default 20. */
  readonly minFaceSize?: number;
  /** Also leave out masked photos without a detected face; default false. */
  readonly checkMasked?: boolean;
  /** Crop each photo to its best face (plus `cropMargin`) before letterboxing; default false. */
  readonly cropToFace?: boolean;
  /** Context kept around the face when cropping, as a fraction of the box side; default 0.2. */
  readonly cropMargin?: number;
  /**
   * Black border added around the photo before detection, as a fraction of its longer side;
   * default 0.15. Measured with bench/detect-recall.ts --rmfd: MTCNN finds a face in 96.4 % of 500
   * tight RMFD crops as they are and in 98.4 % with this border.
   */
  readonly padding?: number;
}

/** MTCNN's own O-net threshold: the paper's check is MTCNN as published. */
export const DEFAULT_FACE_THRESHOLD = 0.7;
export const DEFAULT_PADDING = 0.15;

/** A PhotoFilter that owns `detector` (its dispose disposes the detector). */
export function faceFilter(detector: FaceDetector, options: FaceFilterOptions = {}): PhotoFilter {
  const minScore = options.minScore ?? DEFAULT_FACE_THRESHOLD;
  const minFaceSize = options.minFaceSize ?? 20;
  const cropMargin = options.cropMargin ?? 0.2;
  const padding = options.padding ?? DEFAULT_PADDING;
  if (!(minScore >= 0 && minScore <= 1)) throw invalidArgument('--face-threshold', 'a score in [0, 1]', minScore);
  if (!(cropMargin >= 0)) throw invalidArgument('crop margin', 'a fraction >= 0', cropMargin);
  return {
    name: `face check (${detector.name})`,
    async check(image: RgbImage, photo: PhotoInfo) {
      const mustHaveFace = photo.group === 'unmasked' || options.checkMasked === true;
      if (!mustHaveFace && !options.cropToFace) return { keep: true };
      const padded = padImage(image, padding);
      const [best] = await detector.detect(padded.image, { minScore, minFaceSize, maxFaces: 1 });
      if (!best) {
        return mustHaveFace ? { keep: false, reason: `no face found at score >= ${minScore}` } : { keep: true };
      }
      if (!options.cropToFace) return { keep: true };
      const box = { ...best.box, x: best.box.x - padded.offset, y: best.box.y - padded.offset };
      return { keep: true, crop: expandBox(box, cropMargin, image.width, image.height) };
    },
    dispose() {
      detector.dispose();
    },
  };
}
