/**
 * What a training chip goes through before the student sees it, so it learns web photos and not
 * only clean LFW: a mirror image (its target mirrored too), a small misalignment (rotation, scale,
 * shift: detectors' landmarks are not exact), and the losses of RMFD's web crops (downscaled to
 * 36-100 px and back, blurred, JPEG). All on 112x112 RGB chips, seeded.
 */
import sharp from 'sharp';
import type { Rng } from '../../data/random.js';
import type { RgbImage } from '../../image/types.js';

export interface AugmentOptions {
  /** Chance of each degradation (low resolution, blur, JPEG), independently. */
  readonly degrade: number;
  /** Largest rotation (degrees), relative scale change and shift (pixels) of the misalignment. */
  readonly rotation: number;
  readonly scale: number;
  readonly shift: number;
}

export const AUGMENT_DEFAULTS: AugmentOptions = { degrade: 0.3, rotation: 6, scale: 0.05, shift: 3 };

export function mirrorChip(data: Uint8Array, side: number): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const s = (y * side + x) * 3;
      const d = (y * side + (side - 1 - x)) * 3;
      out[d] = data[s]!;
      out[d + 1] = data[s + 1]!;
      out[d + 2] = data[s + 2]!;
    }
  }
  return out;
}

/** Bilinear sample with the edge repeated. */
function warp(data: Uint8Array, side: number, map: (x: number, y: number) => [number, number]): Uint8Array {
  const out = new Uint8Array(data.length);
  const at = (x: number, y: number, c: number): number => data[(Math.min(side - 1, Math.max(0, y)) * side + Math.min(side - 1, Math.max(0, x))) * 3 + c]!;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const [sx, sy] = map(x, y);
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let c = 0; c < 3; c++) {
        const v = (1 - fy) * ((1 - fx) * at(x0, y0, c) + fx * at(x0 + 1, y0, c)) + fy * ((1 - fx) * at(x0, y0 + 1, c) + fx * at(x0 + 1, y0 + 1, c));
        out[(y * side + x) * 3 + c] = Math.round(v);
      }
    }
  }
  return out;
}

function misalign(data: Uint8Array, side: number, rng: Rng, o: AugmentOptions): Uint8Array {
  const angle = ((rng() * 2 - 1) * o.rotation * Math.PI) / 180;
  const scale = 1 + (rng() * 2 - 1) * o.scale;
  const dx = (rng() * 2 - 1) * o.shift;
  const dy = (rng() * 2 - 1) * o.shift;
  const c = (side - 1) / 2;
  const cos = Math.cos(angle) / scale;
  const sin = Math.sin(angle) / scale;
  return warp(data, side, (x, y) => [c + cos * (x - c - dx) - sin * (y - c - dy), c + sin * (x - c - dx) + cos * (y - c - dy)]);
}

/** Box-averaged down to `small` pixels a side, then bilinear back up. */
function lowResolution(data: Uint8Array, side: number, small: number): Uint8Array {
  const down = new Float32Array(small * small * 3);
  const f = side / small;
  for (let y = 0; y < small; y++) {
    for (let x = 0; x < small; x++) {
      const x0 = Math.floor(x * f);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * f));
      const y0 = Math.floor(y * f);
      const y1 = Math.max(y0 + 1, Math.floor((y + 1) * f));
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) sum += data[(yy * side + xx) * 3 + c]!;
        down[(y * small + x) * 3 + c] = sum / ((x1 - x0) * (y1 - y0));
      }
    }
  }
  const out = new Uint8Array(data.length);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const sx = Math.min(small - 1, Math.max(0, (x + 0.5) / f - 0.5));
      const sy = Math.min(small - 1, Math.max(0, (y + 0.5) / f - 0.5));
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(small - 1, x0 + 1);
      const y1 = Math.min(small - 1, y0 + 1);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let c = 0; c < 3; c++) {
        const g = (xx: number, yy: number): number => down[(yy * small + xx) * 3 + c]!;
        out[(y * side + x) * 3 + c] = Math.round((1 - fy) * ((1 - fx) * g(x0, y0) + fx * g(x1, y0)) + fy * ((1 - fx) * g(x0, y1) + fx * g(x1, y1)));
      }
    }
  }
  return out;
}

/** A 3x3 binomial blur. */
function blur(data: Uint8Array, side: number): Uint8Array {
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
  return out;
}

async function jpeg(data: Uint8Array, side: number, quality: number): Promise<Uint8Array> {
  const encoded = await sharp(data, { raw: { width: side, height: side, channels: 3 } }).jpeg({ quality }).toBuffer();
  const { data: decoded } = await sharp(encoded).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
}

/** The chip as the student sees it this time (`mirror` is decided by the caller, who mirrors the target too). */
export async function augmentChip(chip: RgbImage, mirror: boolean, rng: Rng, o: AugmentOptions = AUGMENT_DEFAULTS): Promise<Uint8Array> {
  const side = chip.width;
  let data = mirror ? mirrorChip(chip.data, side) : chip.data;
  data = misalign(data, side, rng, o);
  if (rng() < o.degrade) data = lowResolution(data, side, 36 + Math.floor(rng() * 64));
  if (rng() < o.degrade / 2) data = blur(data, side);
  if (rng() < o.degrade) data = await jpeg(data, side, 30 + Math.floor(rng() * 60));
  return data;
}
