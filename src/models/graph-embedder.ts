/**
 * An identity network shipped as a TensorFlow.js graph model that takes one 0..255 RGB square and
 * gives a descriptor at one node, run by TensorFlow.js: MobileFace. (faceres ran this way until
 * issue 25; it now runs in onnxruntime, and its test still uses this class as the reference.)
 */
import type { GraphModel, Tensor } from '@tensorflow/tfjs';
import { getTf } from '../engine/tf.js';
import { invalidArgument, modelNotLoaded } from '../errors.js';
import type { RgbImage } from '../image/types.js';
import type { Embedder } from './types.js';

export interface GraphEmbedderSpec {
  readonly name: string;
  readonly dimension: number;
  /** Side of the square input, in pixels; other sizes are resized bilinearly. */
  readonly inputSize: number;
  /** Graph node whose output is the descriptor. */
  readonly descriptorNode: string;
  /** Return the descriptor divided by its L2 norm. */
  readonly unitLength: boolean;
}

export class GraphEmbedder implements Embedder {
  readonly name: string;
  readonly dimension: number;
  private model: GraphModel | undefined;
  private readonly spec: GraphEmbedderSpec;

  constructor(spec: GraphEmbedderSpec, model: GraphModel) {
    this.spec = spec;
    this.name = spec.name;
    this.dimension = spec.dimension;
    this.model = model;
  }

  async embed(face: RgbImage): Promise<Float32Array> {
    const { model, spec } = this;
    if (model === undefined) throw modelNotLoaded(spec.name);
    if (face.width < 1 || face.height < 1) throw invalidArgument(`${spec.name} face crop`, 'a non-empty image', `${face.width}x${face.height}`);
    const tf = await getTf();
    const descriptor = tf.tidy(() => {
      let pixels = tf.tensor3d(face.data, [face.height, face.width, 3], 'int32').toFloat();
      if (face.width !== spec.inputSize || face.height !== spec.inputSize) {
        pixels = tf.image.resizeBilinear(pixels, [spec.inputSize, spec.inputSize], false);
      }
      const output = (model.execute(pixels.expandDims(0), spec.descriptorNode) as Tensor).reshape([spec.dimension]);
      return spec.unitLength ? tf.div(output, tf.maximum(tf.norm(output), 1e-12)) : output;
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
