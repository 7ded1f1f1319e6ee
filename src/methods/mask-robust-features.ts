/**
 * The `mask-robust` embedder: faceres (1024-D) and dlib ResNet-34 (128-D) embeddings of the whole
 * face and of the upper face (eyes and brows, which a mask leaves visible), each made unit length
 * and concatenated (2,304-D). By default each part is a test-time flip: the mean of the unit
 * embeddings of the view and of its mirror image (+3 to +4 points of top-1 on the development set
 * of bench:accuracy-dev, for twice the network runs). Its input is a tight face crop, brows to
 * chin, as RMFD's photos are (`tightFaceCrop` cuts one from a detection). The vector is meant for
 * `trainLdaRecognizer`.
 */
import type { FaceDetection } from '../face/types.js';
import type { RgbImage } from '../image/types.js';
import { load as loadDlibResnet34 } from '../models/dlib-resnet34/index.js';
import { load as loadFaceres } from '../models/faceres/index.js';
import type { Embedder } from '../models/types.js';
import { cropFaceChip } from './face-crop.js';
import { FLIPPED_VIEW, type ViewName, faceView } from './face-views.js';
import { fuse, mean, unit } from './vectors.js';

/**
 * Name of the default (flip-averaged) embedder. Feature caches and model files key on it, so
 * vectors of the older, unflipped embedder (`MASK_ROBUST_NO_FLIP_NAME`) never mix with these.
 */
export const MASK_ROBUST_NAME = 'mask-robust-flip';
export const MASK_ROBUST_NO_FLIP_NAME = 'mask-robust';
/** Side of the tight crop and of each view, in pixels (RMFD's photos are 160x160). */
export const TIGHT_CROP_SIZE = 160;
/**
 * Chip side relative to a detector box for a brows-to-chin crop like RMFD's: MTCNN's box already
 * spans brows to chin, so the box itself.
 */
export const TIGHT_CROP_SCALE = 1;

/** The (embedder, view) parts, in the order they are concatenated. */
export const MASK_ROBUST_PARTS: ReadonlyArray<{ readonly embedder: 'faceres' | 'dlib-resnet34'; readonly view: ViewName }> = [
  { embedder: 'faceres', view: 'full' },
  { embedder: 'faceres', view: 'upper' },
  { embedder: 'dlib-resnet34', view: 'full' },
  { embedder: 'dlib-resnet34', view: 'upper' },
];

/** Fuses per-part embeddings (in `MASK_ROBUST_PARTS` order) into the mask-robust vector. */
export function fuseParts(parts: readonly Float32Array[]): Float32Array {
  return fuse(parts);
}

export function tightFaceCrop(image: RgbImage, face: FaceDetection): RgbImage {
  return cropFaceChip(image, face, { scale: TIGHT_CROP_SCALE, size: TIGHT_CROP_SIZE });
}

/** A part that is the mean of the unit embeddings of a view and of its mirror (test-time flip). */
export function flipAverage(view: Float32Array, mirror: Float32Array): Float32Array {
  return mean([unit(view), unit(mirror)]);
}

export interface MaskRobustOptions {
  /** Average each view with its mirror image (test-time flip); default true. */
  readonly flip?: boolean;
}

export class MaskRobustEmbedder implements Embedder {
  readonly name: string;
  readonly dimension: number;
  private readonly flip: boolean;

  constructor(private readonly backbones: Readonly<Record<'faceres' | 'dlib-resnet34', Embedder>>, options: MaskRobustOptions = {}) {
    this.dimension = MASK_ROBUST_PARTS.reduce((n, p) => n + backbones[p.embedder].dimension, 0);
    this.flip = options.flip ?? true;
    this.name = this.flip ? MASK_ROBUST_NAME : MASK_ROBUST_NO_FLIP_NAME;
  }

  /** `face`: a tight face crop (brows to chin). */
  async embed(face: RgbImage): Promise<Float32Array> {
    const parts: Float32Array[] = [];
    for (const part of MASK_ROBUST_PARTS) {
      const backbone = this.backbones[part.embedder];
      const v = await backbone.embed(faceView(face, part.view, TIGHT_CROP_SIZE));
      parts.push(this.flip ? flipAverage(v, await backbone.embed(faceView(face, FLIPPED_VIEW[part.view], TIGHT_CROP_SIZE))) : v);
    }
    return fuseParts(parts);
  }

  dispose(): void {
    for (const backbone of Object.values(this.backbones)) backbone.dispose();
  }
}

export async function load(options: MaskRobustOptions = {}): Promise<MaskRobustEmbedder> {
  const faceres = await loadFaceres();
  try {
    return new MaskRobustEmbedder({ faceres, 'dlib-resnet34': await loadDlibResnet34() }, options);
  } catch (err) {
    faceres.dispose();
    throw err;
  }
}
