/**
 * Views of a tight face crop (brows to chin, as RMFD's photos and `tightFaceCrop` give) that an
 * embedder sees: the whole face, the upper face that a mask leaves visible (eyes and brows, Hariri
 * 2022's crop), and their mirror images for test-time flip averaging.
 */
import { invalidArgument } from '../errors.js';
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

export interface Region {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Samples `region` of `image` bilinearly into an `outWidth` x `outHeight` image, mirrored when asked. */
export function resampleRegion(image: RgbImage, region: Region, outWidth: number, outHeight: number, mirror = false): RgbImage {
  if (!(region.width > 0 && region.height > 0 && outWidth >= 1 && outHeight >= 1)) {
    throw invalidArgument('view region', 'a non-empty region and output size', { region, outWidth, outHeight });
  }
  const { width, height, data } = image;
  const out = new Uint8Array(outWidth * outHeight * 3);
  const stepX = region.width / outWidth;
  const stepY = region.height / outHeight;
  for (let v = 0; v < outHeight; v++) {
    const sy = Math.min(Math.max(region.y + (v + 0.5) * stepY - 0.5, 0), height - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, height - 1);
    const fy = sy - y0;
    for (let u = 0; u < outWidth; u++) {
      const column = mirror ? outWidth - 1 - u : u;
      const sx = Math.min(Math.max(region.x + (column + 0.5) * stepX - 0.5, 0), width - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, width - 1);
      const fx = sx - x0;
      const o = (v * outWidth + u) * 3;
      for (let c = 0; c < 3; c++) {
        const top = data[(y0 * width + x0) * 3 + c]! * (1 - fx) + data[(y0 * width + x1) * 3 + c]! * fx;
        const bottom = data[(y1 * width + x0) * 3 + c]! * (1 - fx) + data[(y1 * width + x1) * 3 + c]! * fx;
        out[o + c] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return { width: outWidth, height: outHeight, data: out };
}

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
