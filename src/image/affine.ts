/**
 * Affine warps of RGB photos, built the way Keras's `apply_affine_transform` builds them: the
 * matrix maps OUTPUT pixel coordinates to INPUT coordinates (as scipy's affine_transform reads it),
 * composed as rotation . shift . shear . zoom about the image centre. Coordinates here are (x, y) =
 * (column, row), pixel centres at integers, so the centre of a W x H photo is ((W-1)/2, (H-1)/2),
 * which is Keras's `transform_matrix_offset_center` (size/2 - 0.5).
 */
import type { RgbImage } from './types.js';

/** [a, b, c, d, e, f]: x_in = a*x + b*y + c, y_in = d*x + e*y + f. */
export type Affine = readonly [number, number, number, number, number, number];

export const IDENTITY: Affine = [1, 0, 0, 0, 1, 0];

/** The transform of one photo, in Keras's `apply_transform` parameter meanings. */
export interface AffineTransform {
  /** Rotation in degrees (Keras `theta`). */
  readonly theta: number;
  /** Horizontal shift in pixels: output x samples input x + tx. */
  readonly tx: number;
  /** Vertical shift in pixels: output y samples input y + ty. */
  readonly ty: number;
  /** Shear angle in degrees. */
  readonly shear: number;
  /** Zoom factors; above 1 the photo appears smaller (Keras samples a larger input area). */
  readonly zx: number;
  readonly zy: number;
  readonly flipHorizontal: boolean;
  readonly flipVertical: boolean;
}

export const NO_TRANSFORM: AffineTransform = Object.freeze({ theta: 0, tx: 0, ty: 0, shear: 0, zx: 1, zy: 1, flipHorizontal: false, flipVertical: false });

export const FILL_MODES = ['nearest', 'constant', 'reflect', 'wrap'] as const;
/** Keras fill modes: nearest aaaa|abcd|dddd, constant kkkk|abcd|kkkk, reflect dcba|abcd|dcba, wrap abcd|abcd|abcd. */
export type FillMode = (typeof FILL_MODES)[number];

/** m1 . m2 (apply m2 first, then m1) for matrices mapping output to input coordinates. */
export function compose(m1: Affine, m2: Affine): Affine {
  const [a1, b1, c1, d1, e1, f1] = m1;
  const [a2, b2, c2, d2, e2, f2] = m2;
  return [a1 * a2 + b1 * d2, a1 * b2 + b1 * e2, a1 * c2 + b1 * f2 + c1, d1 * a2 + e1 * d2, d1 * b2 + e1 * e2, d1 * c2 + e1 * f2 + f1];
}

const rad = (deg: number): number => (deg * Math.PI) / 180;

/**
 * The output-to-input matrix Keras applies for `t` on a width x height photo. Flips come after
 * the affine warp in Keras's apply_transform, which is the same as reading the warp at mirrored
 * output coordinates, so they are folded into the matrix: one resampling pass, no extra copy.
 */
export function kerasAffine(t: AffineTransform, width: number, height: number): Affine {
  const cos = Math.cos(rad(t.theta));
  const sin = Math.sin(rad(t.theta));
  let m: Affine = [cos, -sin, 0, sin, cos, 0];
  m = compose(m, [1, 0, t.tx, 0, 1, t.ty]);
  m = compose(m, [1, -Math.sin(rad(t.shear)), 0, 0, Math.cos(rad(t.shear)), 0]);
  m = compose(m, [t.zx, 0, 0, 0, t.zy, 0]);
  const cx = width / 2 - 0.5;
  const cy = height / 2 - 0.5;
  m = compose(compose([1, 0, cx, 0, 1, cy], m), [1, 0, -cx, 0, 1, -cy]);
  if (t.flipHorizontal) m = compose(m, [-1, 0, width - 1, 0, 1, 0]);
  if (t.flipVertical) m = compose(m, [1, 0, 0, 0, -1, height - 1]);
  return m;
}

/** Coordinates this close to an edge count as on it (cos 90 degrees is 6e-17, not 0). */
const EDGE_EPSILON = 1e-6;

/** Maps an integer pixel index outside [0, n) back inside, per fill mode; -1 means "use cval". */
function mapIndex(i: number, n: number, mode: FillMode): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'nearest':
      return i < 0 ? 0 : n - 1;
    case 'wrap':
      return ((i % n) + n) % n;
    case 'reflect': {
      const period = 2 * n;
      const r = ((i % period) + period) % period;
      return r < n ? r : period - 1 - r;
    }
    case 'constant':
      return -1;
  }
}

/**
 * Resamples `image` through `m` with bilinear interpolation (Keras's default order=1). With
 * 'constant', a point outside the photo is `cval` (scipy's 'constant': no interpolation beyond
 * the edges); the other modes extend the photo as their pictures above show.
 */
export function warpAffine(image: RgbImage, m: Affine, fillMode: FillMode = 'nearest', cval = 0): RgbImage {
  const { width: w, height: h, data: src } = image;
  const out = new Uint8Array(w * h * 3);
  const [a, b, c, d, e, f] = m;
  const fill = Math.min(255, Math.max(0, Math.round(cval)));
  let o = 0;
  for (let y = 0; y < h; y++) {
    let sx = b * y + c;
    let sy = e * y + f;
    for (let x = 0; x < w; x++, sx += a, sy += d, o += 3) {
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h) {
        const fx = sx - x0;
        const fy = sy - y0;
        const i00 = (y0 * w + x0) * 3;
        const i10 = i00 + 3;
        const i01 = i00 + w * 3;
        const i11 = i01 + 3;
        for (let ch = 0; ch < 3; ch++) {
          const top = (src[i00 + ch] as number) + fx * ((src[i10 + ch] as number) - (src[i00 + ch] as number));
          const bottom = (src[i01 + ch] as number) + fx * ((src[i11 + ch] as number) - (src[i01 + ch] as number));
          out[o + ch] = (top + fy * (bottom - top) + 0.5) | 0;
        }
        continue;
      }
      // Near an edge: snap coordinates that are an integer up to rounding, then pad.
      const px = Math.abs(sx - Math.round(sx)) < EDGE_EPSILON ? Math.round(sx) : sx;
      const py = Math.abs(sy - Math.round(sy)) < EDGE_EPSILON ? Math.round(sy) : sy;
      if (fillMode === 'constant' && (px < 0 || py < 0 || px > w - 1 || py > h - 1)) {
        out[o] = out[o + 1] = out[o + 2] = fill;
        continue;
      }
      const px0 = Math.floor(px);
      const py0 = Math.floor(py);
      samplePadded(src, w, h, px0, py0, px - px0, py - py0, fillMode, out, o);
    }
  }
  return { width: w, height: h, data: out };
}

/** Bilinear sample near or beyond an edge: neighbour indices go through the fill mode. */
function samplePadded(src: Uint8Array, w: number, h: number, x0: number, y0: number, fx: number, fy: number, mode: FillMode, out: Uint8Array, o: number): void {
  // 'constant' inside the photo but on its last row/column: the missing neighbour has weight 0.
  const second = mode === 'constant' ? 'nearest' : mode;
  const xa = mapIndex(x0, w, mode) * 3;
  const xb = mapIndex(x0 + 1, w, second) * 3;
  const ya = mapIndex(y0, h, mode) * w * 3;
  const yb = mapIndex(y0 + 1, h, second) * w * 3;
  for (let ch = 0; ch < 3; ch++) {
    const p00 = src[ya + xa + ch] as number;
    const p10 = src[ya + xb + ch] as number;
    const p01 = src[yb + xa + ch] as number;
    const p11 = src[yb + xb + ch] as number;
    const top = p00 + fx * (p10 - p00);
    const bottom = p01 + fx * (p11 - p01);
    out[o + ch] = (top + fy * (bottom - top) + 0.5) | 0;
  }
}
