/**
 * MobileFace as the `mobileface` embedder: a MobileFaceNet-style network trained for face
 * identification on ArcFace-aligned 112x112 chips. Its graph subtracts the mean and scales the
 * 0..255 RGB input itself; the 256-D output is returned at unit length.
 */
import type { GraphModel } from '@tensorflow/tfjs';
import { GraphEmbedder } from '../graph-embedder.js';
import { loadGraphModelFromFile } from '../load-graph-model.js';
import { MOBILEFACE_DESCRIPTOR_NODE, MOBILEFACE_DIMENSION, MOBILEFACE_INPUT_SIZE, MOBILEFACE_NAME, defaultMobilefaceModelPath } from './constants.js';

/** Load-time configuration. */
export interface MobilefaceConfig {
  /** Path of mobileface.json; default: the copy vendored in `weights/`. */
  readonly modelPath?: string;
}

export interface ResolvedMobilefaceConfig {
  readonly modelPath: string;
}

export function resolveMobilefaceConfig(config: MobilefaceConfig = {}): ResolvedMobilefaceConfig {
  return Object.freeze({ modelPath: config.modelPath ?? defaultMobilefaceModelPath() });
}

/** `embed`'s face: best an ArcFace-aligned chip (`alignFace`), any size; it is resized to 112x112. */
export class MobilefaceEmbedder extends GraphEmbedder {
  constructor(model: GraphModel) {
    super({ name: MOBILEFACE_NAME, dimension: MOBILEFACE_DIMENSION, inputSize: MOBILEFACE_INPUT_SIZE, descriptorNode: MOBILEFACE_DESCRIPTOR_NODE, unitLength: true }, model);
  }
}

export async function load(config: MobilefaceConfig = {}): Promise<MobilefaceEmbedder> {
  const resolved = resolveMobilefaceConfig(config);
  return new MobilefaceEmbedder(await loadGraphModelFromFile(resolved.modelPath, 'Restore the vendored files: git checkout src/models/mobileface/weights, or node scripts/vendor-weights.mjs.'));
}
