/**
 * MTCNN's cascade (Zhang et al. 2016, sec. 2.1): the P-net proposes candidate windows over an
 * image pyramid, the R-net rejects most of them and refines the rest, the O-net gives the final
 * boxes, scores and 5 landmarks. Thresholds and NMS overlaps are those of the authors' code.
 */
import type { Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../engine/tf.js';
import { nonMaxSuppression, type Corners } from '../boxes.js';
import { onet, pnet, rnet } from './networks.js';
import type { MtcnnParams } from './weights.js';

/** The P-net sees 12x12 windows with a stride of 2 pixels. */
export const CELL_SIZE = 12;
export const CELL_STRIDE = 2;

export interface Candidate {
  box: Corners;
  score: number;
}
export interface FinalCandidate extends Candidate {
  points: { x: number; y: number }[];
}

/** Pyramid scales: the first maps minFaceSize to the 12-pixel cell, each next one is scaleFactor smaller. */
export function pyramidScales(width: number, height: number, minFaceSize: number, scaleFactor: number): number[] {
  const scales: number[] = [];
  const first = CELL_SIZE / minFaceSize;
  for (let scale = first; Math.floor(Math.min(width, height) * scale) >= CELL_SIZE; scale *= scaleFactor) scales.push(scale);
  return scales;
}

/** Applies a regression (offsets in box widths/heights) to a box. */
export function regress(b: Corners, r: ArrayLike<number>, offset = 0): Corners {
  const w = b.x2 - b.x1;
  const h = b.y2 - b.y1;
  return { x1: b.x1 + r[offset]! * w, y1: b.y1 + r[offset + 1]! * h, x2: b.x2 + r[offset + 2]! * w, y2: b.y2 + r[offset + 3]! * h };
}

/** Grows a box to a square around its centre: the R- and O-net take square patches. */
export function square(b: Corners): Corners {
  const side = Math.max(b.x2 - b.x1, b.y2 - b.y1);
  const cx = (b.x1 + b.x2) / 2;
  const cy = (b.y1 + b.y2) / 2;
  return { x1: cx - side / 2, y1: cy - side / 2, x2: cx + side / 2, y2: cy + side / 2 };
}

/** Normalises as the authors did and transposes to the width-first layout the Caffe model expects. */
function toNetInput(tf: Tf, x: Tensor4D): Tensor4D {
  return tf.transpose(tf.mul(tf.sub(x, 127.5), 0.0078125) as Tensor4D, [0, 2, 1, 3]);
}

/** Square patches of the image, resized to size x size, zero outside the image (as the authors pad). */
function patches(tf: Tf, image: Tensor4D, boxes: readonly Corners[], size: number): Tensor4D {
  const [, height, width] = image.shape;
  const norm = boxes.flatMap((b) => [b.y1 / (height - 1), b.x1 / (width - 1), (b.y2 - 1) / (height - 1), (b.x2 - 1) / (width - 1)]);
  return tf.tidy(() => {
    const crops = tf.image.cropAndResize(image, tf.tensor2d(norm, [boxes.length, 4]), tf.zeros([boxes.length], 'int32'), [size, size], 'bilinear', 0);
    return toNetInput(tf, crops);
  });
}

export async function proposalStage(tf: Tf, image: Tensor4D, scales: readonly number[], threshold: number, params: MtcnnParams): Promise<Candidate[]> {
  const [, height, width] = image.shape;
  const all: Candidate[] = [];
  const regressions: Float32Array[] = [];
  for (const scale of scales) {
    const { prob, regions } = tf.tidy(() => {
      const resized = tf.image.resizeBilinear(image, [Math.floor(height * scale), Math.floor(width * scale)]);
      return pnet(tf, toNetInput(tf, resized), params.pnet);
    });
    const [, cols, rows] = prob.shape; // width-first: axis 1 runs along x, axis 2 along y
    const [probData, regData] = await Promise.all([prob.data(), regions.data()]);
    prob.dispose();
    regions.dispose();
    const found: Candidate[] = [];
    const foundReg: Float32Array[] = [];
    for (let i = 0; i < cols; i++) {
      for (let j = 0; j < rows; j++) {
        const cell = i * rows + j;
        const score = probData[cell * 2 + 1]!;
        if (score < threshold) continue;
        const x1 = (CELL_STRIDE * i) / scale;
        const y1 = (CELL_STRIDE * j) / scale;
        found.push({ box: { x1, y1, x2: x1 + CELL_SIZE / scale, y2: y1 + CELL_SIZE / scale }, score });
        foundReg.push((regData as Float32Array).slice(cell * 4, cell * 4 + 4));
      }
    }
    for (const k of nonMaxSuppression(found.map((c) => c.box), found.map((c) => c.score), 0.5)) {
      all.push(found[k]!);
      regressions.push(foundReg[k]!);
    }
  }
  const keep = nonMaxSuppression(all.map((c) => c.box), all.map((c) => c.score), 0.7);
  return keep.map((k) => ({ box: square(regress(all[k]!.box, regressions[k]!)), score: all[k]!.score }));
}

export async function refineStage(tf: Tf, image: Tensor4D, candidates: readonly Candidate[], threshold: number, params: MtcnnParams): Promise<Candidate[]> {
  const { prob, regions } = tf.tidy(() => rnet(tf, patches(tf, image, candidates.map((c) => c.box), 24), params.rnet));
  const [probData, regData] = await Promise.all([prob.data(), regions.data()]);
  prob.dispose();
  regions.dispose();
  const passed: { box: Corners; score: number; index: number }[] = [];
  candidates.forEach((c, index) => {
    const score = probData[index * 2 + 1]!;
    if (score > threshold) passed.push({ box: c.box, score, index });
  });
  const keep = nonMaxSuppression(passed.map((c) => c.box), passed.map((c) => c.score), 0.7);
  return keep.map((k) => {
    const c = passed[k]!;
    return { box: square(regress(c.box, regData, c.index * 4)), score: c.score };
  });
}

export async function outputStage(tf: Tf, image: Tensor4D, candidates: readonly Candidate[], threshold: number, params: MtcnnParams): Promise<FinalCandidate[]> {
  const { prob, regions, points } = tf.tidy(() => onet(tf, patches(tf, image, candidates.map((c) => c.box), 48), params.onet));
  const [probData, regData, pointData] = await Promise.all([prob.data(), regions.data(), points.data()]);
  prob.dispose();
  regions.dispose();
  points.dispose();
  const passed: FinalCandidate[] = [];
  candidates.forEach((c, index) => {
    const score = probData[index * 2 + 1]!;
    if (score <= threshold) return;
    // Landmarks are relative to the patch the O-net saw, i.e. the box before this stage's regression.
    const w = c.box.x2 - c.box.x1;
    const h = c.box.y2 - c.box.y1;
    const pts = Array.from({ length: 5 }, (_, p) => ({
      x: c.box.x1 + pointData[index * 10 + p]! * w,
      y: c.box.y1 + pointData[index * 10 + 5 + p]! * h,
    }));
    passed.push({ box: regress(c.box, regData, index * 4), score, points: pts });
  });
  return nonMaxSuppression(passed.map((c) => c.box), passed.map((c) => c.score), 0.7, 'min').map((k) => passed[k]!);
}
