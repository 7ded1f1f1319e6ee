/**
 * HSE FaceRes (Savchenko) as the `faceres` embedder: a MobileNet trained for face identification,
 * age and gender; its 1024-D global-pooling output is the face descriptor human uses for matching.
 */
import type { GraphModel, Tensor } from '@tensorflow/tfjs';
import { getTf } from '../../engine/tf.js';
import { invalidArgument, modelNotLoaded } from '../../errors.js';
import type { RgbImage } from '../../image/types.js';
import type { Embedder } from '../types.js';
import { FACERES_DESCRIPTOR_NODE, FACERES_DIMENSION, FACERES_INPUT_SIZE, FACERES_NAME, defaultFaceresModelPath } from './constants.js';
import { loadGraphModelFromFile } from '../load-graph-model.js';

/** Load-time configuration. */
export interface FaceresConfig {
  /** Path of faceres.json; default: the copy inside `@vladmandic/human`. */
  readonly modelPath?: string;
}

export interface ResolvedFaceresConfig {
  readonly modelPath: string;
}

export function resolveFaceresConfig(config: FaceresConfig = {}): ResolvedFaceresConfig {
  return Object.freeze({ modelPath: config.modelPath ?? defaultFaceresModelPath() });
}

export class FaceresEmbedder implements Embedder {
  readonly name = FACERES_NAME;
  readonly dimension = FACERES_DIMENSION;
  private model: GraphModel | undefined;

  constructor(model: GraphModel) {
    this.model = model;
  }

  async embed(face: RgbImage): Promise<Float32Array> {
    const model = this.model;
    if (model === undefined) throw modelNotLoaded(FACERES_NAME);
    if (face.width < 1 || face.height < 1) throw invalidArgument('faceres face crop', 'a non-empty image', `${face.width}x${face.height}`);
    const tf = await getTf();
    const descriptor = tf.tidy(() => {
      const pixels = tf.tensor3d(face.data, [face.height, face.width, 3], 'int32').toFloat();
      // human feeds values 0..255 resized bilinearly (faceres.ts `enhance`: resize then x255 of a 0..1 crop).
      const input = tf.image.resizeBilinear(pixels, [FACERES_INPUT_SIZE, FACERES_INPUT_SIZE], false).expandDims(0);
      return (model.execute(input, FACERES_DESCRIPTOR_NODE) as Tensor).reshape([FACERES_DIMENSION]);
    });
    const values = (await descriptor.data()) as Float32Array;
    descriptor.dispose();
    return values;
  }

  dispose(): void {
    this.model?.dispose();
    this.model = undefined;
  }
}

export async function load(config: FaceresConfig = {}): Promise<FaceresEmbedder> {
  const resolved = resolveFaceresConfig(config);
  return new FaceresEmbedder(await loadGraphModelFromFile(resolved.modelPath));
}
