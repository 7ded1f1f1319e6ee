/**
 * `maskPhoto`: detection, 68 landmarks and `insertMask` in one call, for code that has photos
 * rather than landmarks (dataset masking, training-time augmentation, enrolment of masked views).
 */
import { findFacesWithLandmarks } from '../face/landmarks68/find-faces.js';
import type { Landmarks68Model } from '../face/landmarks68/landmarks68.js';
import type { DetectOptions, FaceDetector } from '../face/types.js';
import type { RgbImage } from '../image/types.js';
import { compositeMask, renderMask } from './insert-mask.js';
import type { MaskOptions, ResolvedMaskOptions } from './options.js';

export interface MaskPhotoOptions extends MaskOptions {
  /** Mask only the largest face (default: a dataset photo shows one person) or every face found. */
  readonly faces?: 'largest' | 'all';
  /** Passed to the detector. */
  readonly detect?: DetectOptions;
}

export interface MaskedPhotoResult {
  /** The photo with its masks; the input itself when no face was found. */
  readonly image: RgbImage;
  /** Faces masked: 0 when the detector found none. */
  readonly faces: number;
  /** What was drawn (what `random` chose), when a face was masked. */
  readonly options: ResolvedMaskOptions | undefined;
}

export async function maskPhoto(image: RgbImage, detector: FaceDetector, landmarks: Landmarks68Model, options: MaskPhotoOptions = {}): Promise<MaskedPhotoResult> {
  const { faces: which = 'largest', detect, ...maskOptions } = options;
  let found = await findFacesWithLandmarks(image, detector, landmarks, detect);
  if (which === 'largest') found = found.sort((a, b) => b.detection.box.width * b.detection.box.height - a.detection.box.width * a.detection.box.height).slice(0, 1);
  let masked = image;
  let resolved: ResolvedMaskOptions | undefined;
  for (const face of found) {
    const layer = renderMask(masked, face.landmarks, maskOptions);
    resolved = layer.options;
    masked = compositeMask(masked, layer);
  }
  return { image: masked, faces: found.length, options: resolved };
}
