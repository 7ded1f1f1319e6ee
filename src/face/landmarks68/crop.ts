/**
 * Cuts the square the landmark net sees out of a photo: the face box, clipped to the photo and
 * centred in a black square of side max(width, height), exactly as face-api.js pads its crops.
 */
import type { Box, RgbImage } from '../../image/types.js';
import { invalidArgument } from '../../errors.js';

export interface SquareCrop {
  /** side x side RGB pixels. */
  readonly image: RgbImage;
  /** Photo coordinates of the square's top-left corner (may be negative or fractional-free ints). */
  readonly originX: number;
  readonly originY: number;
  readonly side: number;
}

export function cropSquare(photo: RgbImage, box: Box): SquareCrop {
  const x0 = Math.max(0, Math.round(box.x));
  const y0 = Math.max(0, Math.round(box.y));
  const x1 = Math.min(photo.width, Math.round(box.x + box.width));
  const y1 = Math.min(photo.height, Math.round(box.y + box.height));
  const width = x1 - x0;
  const height = y1 - y0;
  if (!(width >= 2 && height >= 2)) {
    throw invalidArgument('landmarks68 face box', `a box of at least 2x2 pixels inside the ${photo.width}x${photo.height} photo`, box);
  }
  const side = Math.max(width, height);
  const padX = Math.floor((side - width) / 2);
  const padY = Math.floor((side - height) / 2);
  const data = new Uint8Array(side * side * 3);
  for (let row = 0; row < height; row++) {
    const from = ((y0 + row) * photo.width + x0) * 3;
    data.set(photo.data.subarray(from, from + width * 3), ((row + padY) * side + padX) * 3);
  }
  return { image: { width: side, height: side, data }, originX: x0 - padX, originY: y0 - padY, side };
}

/**
 * A square of side max(width, height) around the box centre, turned by `angle` radians (the head's
 * roll) and sampled bilinearly at `size` x `size` pixels, black outside the photo. The net was
 * trained on upright faces, so a tilted head is turned upright first; `toPhoto` maps a point of
 * the square (in its `size` pixels) back to the photo.
 */
export interface RotatedCrop {
  readonly image: RgbImage;
  readonly side: number;
  toPhoto(x: number, y: number): { x: number; y: number };
}

export function cropRotated(photo: RgbImage, box: Box, angle: number, size: number): RotatedCrop {
  const scale = Math.max(2, Math.max(box.width, box.height)) / size;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const cos = Math.cos(angle) * scale;
  const sin = Math.sin(angle) * scale;
  const data = new Uint8Array(size * size * 3);
  const { width, height } = photo;
  const src = photo.data;
  const row = width * 3;
  for (let j = 0; j < size; j++) {
    const dy = j + 0.5 - size / 2;
    for (let i = 0; i < size; i++) {
      const dx = i + 0.5 - size / 2;
      const x = cx + dx * cos - dy * sin - 0.5;
      const y = cy + dx * sin + dy * cos - 0.5;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      if (x0 < -1 || y0 < -1 || x0 >= width || y0 >= height) continue;
      const fx = x - x0;
      const fy = y - y0;
      const left = x0 >= 0;
      const right = x0 + 1 < width;
      const top = y0 >= 0;
      const bottom = y0 + 1 < height;
      const w00 = left && top ? (1 - fx) * (1 - fy) : 0;
      const w10 = right && top ? fx * (1 - fy) : 0;
      const w01 = left && bottom ? (1 - fx) * fy : 0;
      const w11 = right && bottom ? fx * fy : 0;
      const o00 = y0 * row + x0 * 3;
      const o = (j * size + i) * 3;
      for (let c = 0; c < 3; c++) {
        let value = 0;
        if (w00 > 0) value += (src[o00 + c] as number) * w00;
        if (w10 > 0) value += (src[o00 + 3 + c] as number) * w10;
        if (w01 > 0) value += (src[o00 + row + c] as number) * w01;
        if (w11 > 0) value += (src[o00 + row + 3 + c] as number) * w11;
        data[o + c] = Math.round(value);
      }
    }
  }
  return {
    image: { width: size, height: size, data },
    side: size,
    toPhoto: (x, y) => {
      const dx = x - size / 2;
      const dy = y - size / 2;
      return { x: cx + dx * cos - dy * sin, y: cy + dx * sin + dy * cos };
    },
  };
}
