/** Bilinear resizing of an RGB image (pixel centres aligned, as OpenCV's INTER_LINEAR). */
import { invalidArgument } from '../errors.js';
import type { RgbImage } from './types.js';

export function resizeBilinearRgb(image: RgbImage, width: number, height: number): RgbImage {
  if (!(width >= 1 && height >= 1)) throw invalidArgument('resize', 'an output size of at least 1x1', [width, height]);
  const { width: w, height: h, data } = image;
  const out = new Uint8Array(width * height * 3);
  const sx = w / width;
  const sy = h / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), h - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, h - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), w - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, w - 1);
      const wx = fx - x0;
      const o = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        const top = data[(y0 * w + x0) * 3 + c]! * (1 - wx) + data[(y0 * w + x1) * 3 + c]! * wx;
        const bottom = data[(y1 * w + x0) * 3 + c]! * (1 - wx) + data[(y1 * w + x1) * 3 + c]! * wx;
        out[o + c] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return { width, height, data: out };
}
