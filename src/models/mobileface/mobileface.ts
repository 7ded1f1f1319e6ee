/**
 * MobileFace as the `mobileface` embedder: a MobileFaceNet-style network trained for face
 * identification on ArcFace-aligned 112x112 chips. Its graph subtracts the mean and scales the
 * 0..255 RGB input itself; the 256-D output is returned at unit length.
 */
import type { GraphModel, Tensor } from '@tensorflow/tfjs';
import { getTf } from '../../engine/tf.js';
import { invalidArgument, modelNotLoaded } from '../../errors.js';
import type { RgbImage } from '../../image/types.js';
import { loadGraphModelFromFile } from '../load-graph-model.js';
import type { Embedder } from '../types.js';
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

export class MobilefaceEmbedder implements Embedder {
  readonly name = MOBILEFACE_NAME;
  readonly dimension = MOBILEFACE_DIMENSION;
  private model: GraphModel | undefined;

  constructor(model: GraphModel) {
    this.model = model;
  }

  /** `face`: best an ArcFace-aligned chip (`alignFace`), any size; it is resized to 112x112. */
  async embed(face: RgbImage): Promise<Float32Array> {
    const model = this.model;
    if (model === undefined) throw modelNotLoaded(MOBILEFACE_NAME);
    if (face.width < 1 || face.height < 1) throw invalidArgument('mobileface face crop', 'a non-empty image', `${face.width}x${face.height}`);
    const tf = await getTf();
    const descriptor = tf.tidy(() => {
      let pixels = tf.tensor3d(face.data, [face.height, face.width, 3], 'int32').toFloat();
      if (face.width !== MOBILEFACE_INPUT_SIZE || face.height !== MOBILEFACE_INPUT_SIZE) {
        pixels = tf.image.resizeBilinear(pixels, [MOBILEFACE_INPUT_SIZE, MOBILEFACE_INPUT_SIZE], false);
      }
      const output = (model.execute(pixels.expandDims(0), MOBILEFACE_DESCRIPTOR_NODE) as Tensor).reshape([MOBILEFACE_DIMENSION]);
      return tf.div(output, tf.maximum(tf.norm(output), 1e-12));
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

export async function load(config: MobilefaceConfig = {}): Promise<MobilefaceEmbedder> {
  const resolved = resolveMobilefaceConfig(config);
  return new MobilefaceEmbedder(await loadGraphModelFromFile(resolved.modelPath, 'Restore the vendored files: git checkout src/models/mobileface/weights, or node scripts/vendor-mobileface.mjs.'));
}
