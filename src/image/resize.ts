/** Bilinear resampling of RGB images (pixel centres aligned, as OpenCV's INTER_LINEAR; edges clamped). */
import { invalidArgument } from '../errors.js';
import type { RgbImage } from './types.js';

export interface Region {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Samples `region` of `image` bilinearly into an `outWidth` x `outHeight` image, mirrored when asked. */
export function resampleRegion(image: RgbImage, region: Region, outWidth: number, outHeight: number, mirror = false): RgbImage {
  if (!(region.width > 0 && region.height > 0 && outWidth >= 1 && outHeight >= 1)) {
    throw invalidArgument('resampled region', 'a non-empty region and output size', { region, outWidth, outHeight });
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

/** The whole image resized to `width` x `height`. */
export function resizeBilinearRgb(image: RgbImage, width: number, height: number): RgbImage {
  return resampleRegion(image, { x: 0, y: 0, width: image.width, height: image.height }, width, height);
}
