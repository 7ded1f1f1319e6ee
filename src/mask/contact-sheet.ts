/**
 * A contact sheet: photos as square tiles in a grid, to look at many masked faces at once
 * (`maskface mask --preview`, docs/masks-*.png). Pure TypeScript resampling, no native code.
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

/** Samples per output pixel along each axis: 3x3 bilinear taps average a downscaled tile cleanly. */
const TAPS = 3;

/** The centred square of `image`, resampled to `size` x `size`. */
export function squareTile(image: RgbImage, size: number): RgbImage {
  const side = Math.min(image.width, image.height);
  const x0 = (image.width - side) / 2;
  const y0 = (image.height - side) / 2;
  const scale = side / size;
  const data = new Uint8Array(size * size * 3);
  const sample = (x: number, y: number, c: number): number => {
    const cx = Math.min(image.width - 1, Math.max(0, x));
    const cy = Math.min(image.height - 1, Math.max(0, y));
    const xi = Math.min(image.width - 2, Math.floor(cx));
    const yi = Math.min(image.height - 2, Math.floor(cy));
    const fx = Math.max(0, Math.min(1, cx - xi));
    const fy = Math.max(0, Math.min(1, cy - yi));
    const at = (xx: number, yy: number): number => image.data[(Math.max(0, yy) * image.width + Math.max(0, xx)) * 3 + c] as number;
    return (at(xi, yi) * (1 - fx) + at(xi + 1, yi) * fx) * (1 - fy) + (at(xi, yi + 1) * (1 - fx) + at(xi + 1, yi + 1) * fx) * fy;
  };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let ty = 0; ty < TAPS; ty++) {
          for (let tx = 0; tx < TAPS; tx++) sum += sample(x0 + (x + (tx + 0.5) / TAPS) * scale - 0.5, y0 + (y + (ty + 0.5) / TAPS) * scale - 0.5, c);
        }
        data[(y * size + x) * 3 + c] = Math.round(sum / (TAPS * TAPS));
      }
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
