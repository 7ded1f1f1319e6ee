/**
 * A contact sheet: photos as square tiles in a grid, to look at many masked faces at once
 * (`maskface mask --preview`, docs/masks-*.png). Pure TypeScript, no native code.
 */
import { invalidArgument } from '../errors.js';
import type { RgbImage } from '../image/types.js';

export interface ContactSheetOptions {
  /** Tiles per row; default 6. */
  readonly columns?: number;
  /** Tile side in pixels; default 160. */
  readonly tileSize?: number;
  /** Gap between tiles and around the sheet, pixels; default 4. */
  readonly gap?: number;
  /** Grey level of the background, 0-255; default 255 (white). */
  readonly background?: number;
}

/**
 * The centred square of `image`, resampled to `size` x `size` by averaging the source pixels each
 * tile pixel covers (a box filter: no aliasing when shrinking; nearest pixel when enlarging).
 */
export function squareTile(image: RgbImage, size: number): RgbImage {
  const side = Math.min(image.width, image.height);
  const x0 = Math.floor((image.width - side) / 2);
  const y0 = Math.floor((image.height - side) / 2);
  const scale = side / size;
  const span = (i: number): [number, number] => {
    const from = Math.floor(i * scale);
    return [from, Math.max(from + 1, Math.min(side, Math.floor((i + 1) * scale)))];
  };
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    const [ya, yb] = span(y);
    for (let x = 0; x < size; x++) {
      const [xa, xb] = span(x);
      let r = 0;
      let g = 0;
      let b = 0;
      for (let yy = ya; yy < yb; yy++) {
        let o = ((y0 + yy) * image.width + x0 + xa) * 3;
        for (let xx = xa; xx < xb; xx++, o += 3) {
          r += image.data[o] as number;
          g += image.data[o + 1] as number;
          b += image.data[o + 2] as number;
        }
      }
      const n = (yb - ya) * (xb - xa);
      const out = (y * size + x) * 3;
      data[out] = Math.round(r / n);
      data[out + 1] = Math.round(g / n);
      data[out + 2] = Math.round(b / n);
    }
  }
  return { width: size, height: size, data };
}

export function contactSheet(images: readonly RgbImage[], options: ContactSheetOptions = {}): RgbImage {
  const columns = options.columns ?? 6;
  const tileSize = options.tileSize ?? 160;
  const gap = options.gap ?? 4;
  if (images.length === 0) throw invalidArgument('contact sheet', 'at least one photo', 0);
  if (!(Number.isInteger(columns) && columns > 0 && Number.isInteger(tileSize) && tileSize > 0)) {
    throw invalidArgument('contact sheet layout', 'whole numbers of columns and tile pixels above 0', { columns, tileSize });
  }
  const cols = Math.min(columns, images.length);
  const rows = Math.ceil(images.length / cols);
  const width = cols * tileSize + (cols + 1) * gap;
  const height = rows * tileSize + (rows + 1) * gap;
  const data = new Uint8Array(width * height * 3).fill(options.background ?? 255);
  images.forEach((image, i) => {
    const tile = squareTile(image, tileSize);
    const left = gap + (i % cols) * (tileSize + gap);
    const top = gap + Math.floor(i / cols) * (tileSize + gap);
    for (let y = 0; y < tileSize; y++) data.set(tile.data.subarray(y * tileSize * 3, (y + 1) * tileSize * 3), ((top + y) * width + left) * 3);
  });
  return { width, height, data };
}
