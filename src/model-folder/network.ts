/**
 * A classifier network as training sees it: an optional frozen part that runs without gradients,
 * then the trained parts in order. VGG16 mode is stem (frozen) -> trunk -> head; backbone mode feeds
 * cached embeddings straight into the head.
 */
import type { Tf } from '../engine/tf.js';
import { buildHead } from '../models/head/index.js';
import type { WeightTarget } from '../models/weights/index.js';
import { importKerasWeights } from '../models/weights/index.js';
import { buildVgg16, VGG16_BLOCKS, VGG16_INPUT_SIZE } from '../models/vgg16/index.js';

export type LayersModel = ReturnType<Tf['sequential']>;
type Tensor = ReturnType<Tf['tensor']>;

export interface Network {
  /** Run in order under no gradient tape; empty when the input is already a feature vector. */
  readonly frozen: readonly LayersModel[];
  /** The parts the optimiser updates, applied in order after `frozen`. */
  readonly trainable: readonly LayersModel[];
}

export interface Vgg16NetworkConfig {
  readonly classes: number;
  /** Input side in pixels; default 160. */
  readonly inputSize?: number;
  /** Filters per convolution per block; default VGG16's. */
  readonly blocks?: readonly (readonly number[])[];
  /** 'blocks4-5' (paper) retrains blocks 4-5; 'none' freezes the whole convolutional stack. */
  readonly fineTune?: FineTune;
}

export const FINE_TUNE_MODES = ['blocks4-5', 'none'] as const;
export type FineTune = (typeof FINE_TUNE_MODES)[number];

export function buildVgg16Network(tf: Tf, config: Vgg16NetworkConfig): Network {
  const inputSize = config.inputSize ?? VGG16_INPUT_SIZE;
  const blocks = config.blocks ?? VGG16_BLOCKS;
  const { stem, trunk } = buildVgg16(tf, { inputSize, blocks });
  const trunkShape = trunk.outputs[0]?.shape.slice(1) as number[];
  const head = buildHead(tf, { inputShape: trunkShape, classes: config.classes });
  if (config.fineTune === 'none') {
    trunk.trainable = false;
    return { frozen: [stem, trunk], trainable: [head] };
  }
  return { frozen: [stem], trainable: [trunk, head] };
}

/** Head only, on feature vectors of length `dimension`. */
export function buildBackboneNetwork(tf: Tf, config: { readonly classes: number; readonly dimension: number }): Network {
  return { frozen: [], trainable: [buildHead(tf, { inputShape: [config.dimension], classes: config.classes })] };
}

/** Output of the frozen part (no tape); the input itself when there is none. Caller disposes. */
export function frozenFeatures(tf: Tf, net: Network, x: Tensor): Tensor {
  if (net.frozen.length === 0) return tf.clone(x);
  return tf.tidy(() => net.frozen.reduce((y, part) => part.apply(y, { training: false }) as Tensor, x));
}

/** Applies the trained parts; `training` switches dropout and batch statistics on. */
export function applyTrainable(net: Network, features: Tensor, training: boolean): Tensor {
  let y = features;
  for (const part of net.trainable) y = part.apply(y, { training }) as Tensor;
  return y;
}

/** Class probabilities [n, classes] for a batch, no gradients. */
export function predictProbabilities(tf: Tf, net: Network, x: Tensor): Tensor {
  return tf.tidy(() => {
    const features = frozenFeatures(tf, net, x);
    return applyTrainable(net, features, false);
  });
}

/** Every part in order, frozen first. */
export const networkParts = (net: Network): LayersModel[] => [...net.frozen, ...net.trainable];

export function disposeNetwork(net: Network): void {
  for (const part of networkParts(net)) part.dispose();
}

/** Loads Keras ImageNet weights (the "notop" h5 file) into a VGG16 network's stem and trunk. */
export async function importVgg16Weights(tf: Tf, net: Network, path: string): Promise<readonly string[]> {
  const layers = networkParts(net).filter((part) => part.name.startsWith('vgg16_')).flatMap((part) => part.layers);
  if (layers.length === 0) throw new Error('importVgg16Weights: the network has no VGG16 part');
  const report = await importKerasWeights(tf, path, layers as unknown as WeightTarget[]);
  return report.loaded;
}
