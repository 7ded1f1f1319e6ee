/** Cropping a face box out of a photo, with a margin of context around it. */
import { invalidArgument } from '../errors.js';
import type { Box, RgbImage } from '../image/types.js';

/**
 * The box grown by `margin` (a fraction of its width and height on each side, default 0.2),
 * rounded outwards to whole pixels and clipped to the photo.
 */
export function expandBox(box: Box, margin: number, width: number, height: number): Box {
  if (!(margin >= 0)) throw invalidArgument('crop margin', 'a fraction >= 0 of the box size', margin);
  const x1 = Math.max(0, Math.floor(box.x - box.width * margin));
  const y1 = Math.max(0, Math.floor(box.y - box.height * margin));
  const x2 = Math.min(width, Math.ceil(box.x + box.width * (1 + margin)));
  const y2 = Math.min(height, Math.ceil(box.y + box.height * (1 + margin)));
  if (x2 <= x1 || y2 <= y1) throw invalidArgument('face box', `a box overlapping the ${width}x${height} photo`, box);
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** Copies the (expanded, clipped) box out of the photo. */
export function cropFace(image: RgbImage, box: Box, margin = 0.2): RgbImage {
  const r = expandBox(box, margin, image.width, image.height);
  const out = new Uint8Array(r.width * r.height * 3);
  for (let y = 0; y < r.height; y++) {
    const start = ((r.y + y) * image.width + r.x) * 3;
    out.set(image.data.subarray(start, start + r.width * 3), y * r.width * 3);
  }
  return { width: r.width, height: r.height, data: out };
}

/**
 * The photo on a black border of `fraction` x its longer side on every side. Detectors miss faces
 * that fill the whole frame (RMFD's tight crops cut off chin and forehead); a border gives them
 * back the context they were trained with. `offset` is the border width in pixels.
 */
export function padImage(image: RgbImage, fraction: number): { image: RgbImage; offset: number } {
  if (!(fraction >= 0)) throw invalidArgument('padding', 'a fraction >= 0 of the longer side', fraction);
  const offset = Math.round(Math.max(image.width, image.height) * fraction);
  if (offset === 0) return { image, offset };
  const width = image.width + 2 * offset;
  const height = image.height + 2 * offset;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < image.height; y++) data.set(image.data.subarray(y * image.width * 3, (y + 1) * image.width * 3), ((y + offset) * width + offset) * 3);
  return { image: { width, height, data }, offset };
}
