/**
 * Synthetic masked versions of an enrolment photo, so that a person enrolled from unmasked photos
 * only is still matched behind a mask (the paper's simulated-mask dataset, used for enrolment).
 */
import type { FaceDetection } from '../face/types.js';
import type { RgbImage } from '../image/types.js';

export interface MaskedVariant {
  readonly image: RgbImage;
  /** Mask type and colour, e.g. `surgical/#8fb3d9`, stored with the sample. */
  readonly label: string;
}

export interface MaskSynthesizer {
  /** Masked copies of `image` with the mask drawn on `face`; the face box stays where it was. */
  variants(image: RgbImage, face: FaceDetection): Promise<MaskedVariant[]>;
  dispose(): void;
}
