/**
 * Letterboxing (paper 3.1.2): every face is scaled to fit a square of `size` pixels, keeping its
 * proportions, and centred on black borders, so no face is stretched.
 */
import sharp from 'sharp';
import type { RgbImage } from './types.js';

export interface LetterboxResult {
  readonly image: RgbImage;
  /** Scale applied to the source: output pixels per source pixel. */
  readonly scale: number;
  /** Left and top border widths in output pixels. */
  readonly offsetX: number;
  readonly offsetY: number;
}

/** Size of the content inside the square: the longer side becomes `size`, the other keeps the ratio. */
export function letterboxGeometry(width: number, height: number, size: number): { width: number; height: number; offsetX: number; offsetY: number; scale: number } {
  const scale = size / Math.max(width, height);
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  return { width: w, height: h, offsetX: Math.floor((size - w) / 2), offsetY: Math.floor((size - h) / 2), scale };
}

export async function letterbox(image: RgbImage, size = 160): Promise<LetterboxResult> {
  const g = letterboxGeometry(image.width, image.height, size);
  const resized = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(g.width, g.height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  const out = new Uint8Array(size * size * 3);
  for (let y = 0; y < g.height; y++) {
    const src = y * g.width * 3;
    const dst = ((y + g.offsetY) * size + g.offsetX) * 3;
    out.set(resized.subarray(src, src + g.width * 3), dst);
  }
  return { image: { width: size, height: size, data: out }, scale: g.scale, offsetX: g.offsetX, offsetY: g.offsetY };
}
