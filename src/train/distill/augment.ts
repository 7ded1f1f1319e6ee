/**
 * What a training chip goes through before the student sees it, so it learns web photos and not
 * only clean LFW: a mirror image (its target mirrored too), a small misalignment (rotation, scale,
 * shift: detectors' landmarks are not exact), and the losses of RMFD's web crops (downscaled to
 * 36-100 px and back, blurred, JPEG). All on square RGB chips, seeded; the image work is the
 * project's own (`mirror`, `warpAffine`, `resizeBilinearRgb`, sharp through `encodeImage`).
 */
import type { Rng } from '../../data/random.js';
import { type Affine, warpAffine } from '../../image/affine.js';
import { decodeImage, encodeImage } from '../../image/io.js';
import { resizeBilinearRgb } from '../../image/resize.js';
import type { RgbImage } from '../../image/types.js';
import { mirror as mirrorImage } from '../../methods/face-crop.js';
import { AUGMENT_DEFAULTS, type AugmentOptions } from './options.js';

/** A rotation and scale about the chip's centre plus a shift, as the map from output to source pixels. */
function misalignment(side: number, rng: Rng, o: AugmentOptions): Affine {
  const angle = ((rng() * 2 - 1) * o.rotation * Math.PI) / 180;
  const scale = 1 + (rng() * 2 - 1) * o.scale;
  const dx = (rng() * 2 - 1) * o.shift;
  const dy = (rng() * 2 - 1) * o.shift;
  const c = (side - 1) / 2;
  const cos = Math.cos(angle) / scale;
  const sin = Math.sin(angle) / scale;
  // source = c + R (output - c - shift)
  return [cos, -sin, c - cos * (c + dx) + sin * (c + dy), sin, cos, c - sin * (c + dx) - cos * (c + dy)];
}

/** Box-averaged down to `small` pixels a side, then bilinear back up. */
function lowResolution(image: RgbImage, small: number): RgbImage {
  const side = image.width;
  const down = new Uint8Array(small * small * 3);
  const f = side / small;
  for (let y = 0; y < small; y++) {
    for (let x = 0; x < small; x++) {
      const x0 = Math.floor(x * f);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * f));
      const y0 = Math.floor(y * f);
      const y1 = Math.max(y0 + 1, Math.floor((y + 1) * f));
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) sum += image.data[(yy * side + xx) * 3 + c]!;
        down[(y * small + x) * 3 + c] = Math.round(sum / ((x1 - x0) * (y1 - y0)));
      }
    }
  }
  return resizeBilinearRgb({ width: small, height: small, data: down }, side, side);
}

/** A 3x3 binomial blur, edges repeated. */
function blur(image: RgbImage): RgbImage {
  const { width: side, data } = image;
  const k = [1, 2, 1];
  const out = new Uint8Array(data.length);
  const at = (x: number, y: number, c: number): number => data[(Math.min(side - 1, Math.max(0, y)) * side + Math.min(side - 1, Math.max(0, x))) * 3 + c]!;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let j = -1; j <= 1; j++) for (let i = -1; i <= 1; i++) sum += k[i + 1]! * k[j + 1]! * at(x + i, y + j, c);
        out[(y * side + x) * 3 + c] = Math.round(sum / 16);
      }
    }
  }
  return { width: side, height: side, data: out };
}

/** The chip as the student sees it this time (`mirror` is decided by the caller, who mirrors the target too). */
export async function augmentChip(chip: RgbImage, mirror: boolean, rng: Rng, o: AugmentOptions = AUGMENT_DEFAULTS): Promise<Uint8Array> {
  let image = warpAffine(mirror ? mirrorImage(chip) : chip, misalignment(chip.width, rng, o), 'nearest');
  if (rng() < o.degrade) image = lowResolution(image, 36 + Math.floor(rng() * 64));
  if (rng() < o.degrade / 2) image = blur(image);
  if (rng() < o.degrade) image = await decodeImage(await encodeImage(image, 'jpeg', 30 + Math.floor(rng() * 60)), 'training chip');
  return image.data;
}
