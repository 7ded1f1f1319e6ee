/**
 * The `mask-robust` embedder: faceres (1024-D) and dlib ResNet-34 (128-D) embeddings of the whole
 * face and of the upper face (eyes and brows, which a mask leaves visible), each made unit length
 * and concatenated (2,304-D). Its input is a tight face crop, brows to chin, as RMFD's photos are
 * (`tightFaceCrop` cuts one from a detection). The vector is meant for `trainLdaRecognizer`.
 */
import type { FaceDetection } from '../../face/types.js';
import type { RgbImage } from '../../image/types.js';
import { load as loadDlibResnet34 } from '../../models/dlib-resnet34/index.js';
import { load as loadFaceres } from '../../models/faceres/index.js';
import type { Embedder } from '../../models/types.js';
import { cropFaceChip } from '../face-crop.js';
import { type ViewName, faceView } from './face-views.js';
import { fuse } from './vectors.js';

export const MASK_ROBUST_NAME = 'mask-robust';
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

export class MaskRobustEmbedder implements Embedder {
  readonly name = MASK_ROBUST_NAME;
  readonly dimension: number;

  constructor(private readonly backbones: Readonly<Record<'faceres' | 'dlib-resnet34', Embedder>>) {
    this.dimension = MASK_ROBUST_PARTS.reduce((n, p) => n + backbones[p.embedder].dimension, 0);
  }

  /** `face`: a tight face crop (brows to chin). */
  async embed(face: RgbImage): Promise<Float32Array> {
    const parts: Float32Array[] = [];
    for (const part of MASK_ROBUST_PARTS) parts.push(await this.backbones[part.embedder].embed(faceView(face, part.view, TIGHT_CROP_SIZE)));
    return fuseParts(parts);
  }

  dispose(): void {
    for (const backbone of Object.values(this.backbones)) backbone.dispose();
  }
}

export async function load(): Promise<MaskRobustEmbedder> {
  const faceres = await loadFaceres();
  try {
    return new MaskRobustEmbedder({ faceres, 'dlib-resnet34': await loadDlibResnet34() });
  } catch (err) {
    faceres.dispose();
    throw err;
  }
}
