/**
 * Face alignment: a similarity transform (rotation, uniform scale, shift) that maps the face's
 * landmarks onto a canonical template, so every crop has level eyes a fixed distance apart.
 * The template is ArcFace's 112x112 five-point layout (Deng et al. 2019), scaled to the output size.
 */
import { invalidArgument } from '../errors.js';
import type { RgbImage } from '../image/types.js';
import type { Point } from './types.js';

/** Left eye, right eye, nose tip, left and right mouth corner in a 112x112 crop. */
export const TEMPLATE_112: readonly Point[] = [
  { x: 38.2946, y: 51.6963 },
  { x: 73.5318, y: 51.5014 },
  { x: 56.0252, y: 71.7366 },
  { x: 41.5493, y: 92.3655 },
  { x: 70.7299, y: 92.2041 },
];

/** x' = a x - b y + tx, y' = b x + a y + ty. */
export interface Similarity {
  readonly a: number;
  readonly b: number;
  readonly tx: number;
  readonly ty: number;
}

const mean = (pts: readonly Point[]): Point => ({
  x: pts.reduce((s, p) => s + p.x, 0) / pts.length,
  y: pts.reduce((s, p) => s + p.y, 0) / pts.length,
});

/** The 5 alignment points from 68 iBUG points: eye centres, nose tip (30), mouth corners (48, 54). */
export function fivePointsFrom68(points: readonly Point[]): Point[] {
  if (points.length !== 68) throw invalidArgument('68-point landmarks', '68 points', points.length);
  return [mean(points.slice(36, 42)), mean(points.slice(42, 48)), points[30]!, points[48]!, points[54]!];
}

/** Least-squares similarity from `from` to `to` (Umeyama 1991, without reflection). */
export function estimateSimilarity(from: readonly Point[], to: readonly Point[]): Similarity {
  if (from.length !== to.length || from.length < 2) throw invalidArgument('alignment points', 'two equal-length lists of at least 2 points', [from.length, to.length]);
  const mf = mean(from);
  const mt = mean(to);
  let dot = 0;
  let cross = 0;
  let norm = 0;
  from.forEach((p, i) => {
    const px = p.x - mf.x;
    const py = p.y - mf.y;
    const qx = to[i]!.x - mt.x;
    const qy = to[i]!.y - mt.y;
    dot += px * qx + py * qy;
    cross += px * qy - py * qx;
    norm += px * px + py * py;
  });
  if (norm === 0) throw invalidArgument('alignment points', 'points that are not all the same', from[0]);
  const a = dot / norm;
  const b = cross / norm;
  return { a, b, tx: mt.x - (a * mf.x - b * mf.y), ty: mt.y - (b * mf.x + a * mf.y) };
}

export const applySimilarity = (t: Similarity, p: Point): Point => ({ x: t.a * p.x - t.b * p.y + t.tx, y: t.b * p.x + t.a * p.y + t.ty });

/**
 * Warps the photo so the landmarks (5 from a detector, or 68) land on the template; returns a
 * size x size crop, black where the transform reaches outside the photo. Bilinear sampling.
 */
export function alignFace(image: RgbImage, landmarks: readonly Point[], size = 112): RgbImage {
  if (!Number.isInteger(size) || size < 8) throw invalidArgument('aligned face size', 'an integer number of pixels >= 8', size);
  const points = landmarks.length === 68 ? fivePointsFrom68(landmarks) : landmarks;
  if (points.length !== 5) throw invalidArgument('landmarks', '5 or 68 points', landmarks.length);
  const k = size / 112;
  const template = TEMPLATE_112.map((p) => ({ x: p.x * k, y: p.y * k }));
  // Sample backwards: for each output pixel, where in the photo does it come from.
  const inverse = estimateSimilarity(template, points);
  const out = new Uint8Array(size * size * 3);
  const { width, height, data } = image;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const src = applySimilarity(inverse, { x: x + 0.5, y: y + 0.5 });
      const sx = src.x - 0.5;
      const sy = src.y - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < -1 || y0 < -1 || x0 >= width || y0 >= height) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      const o = (y * size + x) * 3;
      for (let c = 0; c < 3; c++) {
        const at = (xx: number, yy: number): number => (xx < 0 || yy < 0 || xx >= width || yy >= height ? 0 : data[(yy * width + xx) * 3 + c]!);
        const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
        const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
        out[o + c] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return { width: size, height: size, data: out };
}
