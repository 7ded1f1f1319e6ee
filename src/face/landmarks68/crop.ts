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
