/**
 * Views of a tight face crop (brows to chin, as RMFD's photos and `tightFaceCrop` give) that an
 * embedder sees: the whole face, the upper face that a mask leaves visible (eyes and brows, Hariri
 * 2022's crop), and their mirror images for test-time flip averaging.
 */
import { type Region, resampleRegion } from '../image/resize.js';
import type { RgbImage } from '../image/types.js';

export const VIEW_NAMES = ['full', 'upper', 'full-flip', 'upper-flip'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/** The mirror image of each view. */
export const FLIPPED_VIEW: Readonly<Record<ViewName, ViewName>> = { full: 'full-flip', upper: 'upper-flip', 'full-flip': 'full', 'upper-flip': 'upper' };

/**
 * Fraction of a tight crop's height kept by the `upper` view. On RMFD crops the eyes sit at about
 * 35 % of the height and a mask's top edge at about 50-60 %; 0.55 keeps the brows, eyes and the
 * nose bridge above the mask.
 */
export const UPPER_FACE_FRACTION = 0.55;

export { type Region, resampleRegion } from '../image/resize.js';

/**
 * One view of a tight face crop as a square image of `size` pixels. The upper view is stretched
 * vertically to a square, because both embedders take square inputs and padding it with black
 * would leave half of their input empty.
 */
export function faceView(face: RgbImage, view: ViewName, size = Math.max(face.width, face.height)): RgbImage {
  const mirror = view.endsWith('-flip');
  const upper = view.startsWith('upper');
  const region: Region = { x: 0, y: 0, width: face.width, height: upper ? face.height * UPPER_FACE_FRACTION : face.height };
  return resampleRegion(face, region, size, size, mirror);
}
