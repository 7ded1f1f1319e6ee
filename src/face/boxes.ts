/**
 * Box arithmetic shared by the detectors: corner form, intersection over union, greedy
 * non-maximum suppression, and clipping to the image.
 */
import type { Box } from '../image/types.js';

/** A box by its corners, in continuous pixel coordinates (x2, y2 exclusive). */
export interface Corners {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export const toCorners = (b: Box): Corners => ({ x1: b.x, y1: b.y, x2: b.x + b.width, y2: b.y + b.height });
export const toBox = (c: Corners): Box => ({ x: c.x1, y: c.y1, width: c.x2 - c.x1, height: c.y2 - c.y1 });

const area = (c: Corners): number => Math.max(0, c.x2 - c.x1) * Math.max(0, c.y2 - c.y1);

function intersection(a: Corners, b: Corners): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Overlap of two boxes: 'union' is IoU; 'min' divides by the smaller box, which MTCNN's last stage
 * uses so that a box nested inside a larger one is suppressed too.
 */
export function overlap(a: Corners, b: Corners, mode: 'union' | 'min' = 'union'): number {
  const inter = intersection(a, b);
  if (inter === 0) return 0;
  const denom = mode === 'union' ? area(a) + area(b) - inter : Math.min(area(a), area(b));
  return denom > 0 ? inter / denom : 0;
}

/** Greedy NMS: indices of the kept boxes, best score first. */
export function nonMaxSuppression(
  boxes: readonly Corners[],
  scores: ArrayLike<number>,
  threshold: number,
  mode: 'union' | 'min' = 'union',
): number[] {
  const order = boxes.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
  const suppressed = new Uint8Array(boxes.length);
  const keep: number[] = [];
  for (let i = 0; i < order.length; i++) {
    const current = order[i]!;
    if (suppressed[current]) continue;
    keep.push(current);
    for (let j = i + 1; j < order.length; j++) {
      const other = order[j]!;
      if (!suppressed[other] && overlap(boxes[current]!, boxes[other]!, mode) > threshold) suppressed[other] = 1;
    }
  }
  return keep;
}

/** Clips a box to the image, so crops and drawings stay inside it. */
export function clipBox(c: Corners, width: number, height: number): Box {
  const x1 = Math.min(Math.max(c.x1, 0), width);
  const y1 = Math.min(Math.max(c.y1, 0), height);
  const x2 = Math.min(Math.max(c.x2, 0), width);
  const y2 = Math.min(Math.max(c.y2, 0), height);
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}
