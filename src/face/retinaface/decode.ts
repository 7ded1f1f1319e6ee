/**
 * RetinaFace's output decoding (Deng et al. 2020; insightface's `mnet.25` release): anchors on
 * three feature strides, box deltas relative to anchor centre and size, 5 landmarks as offsets
 * scaled by the anchor size.
 */
import type { Corners } from '../boxes.js';

export interface StrideHead {
  readonly stride: number;
  /** Anchor sides in input pixels for this stride (the model's two anchors per cell). */
  readonly anchorSizes: readonly number[];
}

/** The mnet.25 heads: stride 32 anchors 512/256 px, stride 16 anchors 128/64, stride 8 anchors 32/16. */
export const MNET_HEADS: readonly StrideHead[] = [
  { stride: 32, anchorSizes: [512, 256] },
  { stride: 16, anchorSizes: [128, 64] },
  { stride: 8, anchorSizes: [32, 16] },
];

/**
 * mnet.25 was trained with landmark targets divided by 0.2 (insightface `landmark_std`); checked: with
 * 0.2 its points lie closest to MTCNN's on the bbt stills (3.5 % of the box width apart).
 */
export const LANDMARK_STD = 0.2;

export interface RawFace {
  box: Corners;
  score: number;
  points: { x: number; y: number }[];
}

export interface HeadOutput {
  /** [1, 2A, h, w]: A background maps, then A face maps. */
  readonly scores: Float32Array;
  /** [1, 4A, h, w]: dx, dy, dw, dh per anchor. */
  readonly boxes: Float32Array;
  /** [1, 10A, h, w]: x, y offsets of the 5 points per anchor. */
  readonly landmarks: Float32Array;
  readonly height: number;
  readonly width: number;
}

/** Faces scoring at least `threshold` in one head, in the network's input pixels. */
export function decodeHead(head: StrideHead, out: HeadOutput, threshold: number): RawFace[] {
  const anchors = head.anchorSizes.length;
  const plane = out.height * out.width;
  const faces: RawFace[] = [];
  head.anchorSizes.forEach((size, a) => {
    // Anchors are centred on a 16-pixel base cell, as insightface's generate_anchors does.
    const centreOffset = 7.5;
    for (let row = 0; row < out.height; row++) {
      for (let col = 0; col < out.width; col++) {
        const cell = row * out.width + col;
        const score = out.scores[(anchors + a) * plane + cell]!;
        if (score < threshold) continue;
        const cx = col * head.stride + centreOffset;
        const cy = row * head.stride + centreOffset;
        const d = (k: number): number => out.boxes[(a * 4 + k) * plane + cell]!;
        const pcx = cx + d(0) * size;
        const pcy = cy + d(1) * size;
        const pw = size * Math.exp(d(2));
        const ph = size * Math.exp(d(3));
        const l = (k: number): number => out.landmarks[(a * 10 + k) * plane + cell]!;
        faces.push({
          box: { x1: pcx - pw / 2, y1: pcy - ph / 2, x2: pcx + pw / 2, y2: pcy + ph / 2 },
          score,
          points: Array.from({ length: 5 }, (_, p) => ({ x: cx + l(2 * p) * size * LANDMARK_STD, y: cy + l(2 * p + 1) * size * LANDMARK_STD })),
        });
      }
    }
  });
  return faces;
}
