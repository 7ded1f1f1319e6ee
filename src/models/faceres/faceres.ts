/**
 * HSE FaceRes (Savchenko) as the `faceres` embedder: a MobileNet trained for face identification,
 * age and gender; its 1024-D global-pooling output is the face descriptor human uses for matching.
 */
import type { GraphModel } from '@tensorflow/tfjs';
import { GraphEmbedder } from '../graph-embedder.js';
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

/** human feeds faceres values 0..255 resized bilinearly (faceres.ts `enhance`: resize then x255 of a 0..1 crop). */
export class FaceresEmbedder extends GraphEmbedder {
  constructor(model: GraphModel) {
    super({ name: FACERES_NAME, dimension: FACERES_DIMENSION, inputSize: FACERES_INPUT_SIZE, descriptorNode: FACERES_DESCRIPTOR_NODE, unitLength: false }, model);
  }
}

export async function load(config: FaceresConfig = {}): Promise<FaceresEmbedder> {
  const resolved = resolveFaceresConfig(config);
  return new FaceresEmbedder(await loadGraphModelFromFile(resolved.modelPath));
}
