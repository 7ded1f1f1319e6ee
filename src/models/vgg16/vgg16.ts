/**
 * VGG16's convolutional part, split where the paper freezes it: the `stem` (blocks 1-3, frozen)
 * and the `trunk` (blocks 4-5, retrained). Two models rather than one so a training step runs the
 * stem outside the gradient tape: its activations are never kept for a backward pass.
 */
import type { Tf } from '../../engine/tf.js';
import { convLayerName, FIRST_TRAINABLE_BLOCK, poolLayerName, VGG16_BLOCKS, VGG16_INPUT_SIZE } from './constants.js';

type Sequential = ReturnType<Tf['sequential']>;

export interface Vgg16 {
  /** Blocks before FIRST_TRAINABLE_BLOCK: input [n, size, size, 3] (caffe-preprocessed BGR). */
  readonly stem: Sequential;
  /** Blocks from FIRST_TRAINABLE_BLOCK on: input is the stem's output. */
  readonly trunk: Sequential;
}

export interface Vgg16Config {
  /** Input side in pixels; default VGG16_INPUT_SIZE (160). */
  readonly inputSize?: number;
  /** Filters per convolution per block; default VGG16_BLOCKS. Tests pass a narrow copy. */
  readonly blocks?: readonly (readonly number[])[];
}

function addBlocks(tf: Tf, model: Sequential, blocks: readonly (readonly number[])[], first: number, last: number, inputShape: number[]): void {
  let shape: number[] | undefined = inputShape;
  for (let block = first; block <= last; block++) {
    const filters = blocks[block - 1] ?? [];
    filters.forEach((f, i) => {
      model.add(
        tf.layers.conv2d({
          name: convLayerName(block, i + 1),
          filters: f,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
          // Keras's defaults for VGG16: glorot_uniform kernels, zero biases.
          kernelInitializer: 'glorotUniform',
          ...(shape === undefined ? {} : { inputShape: shape }),
        }),
      );
      shape = undefined;
    });
    model.add(tf.layers.maxPooling2d({ name: poolLayerName(block), poolSize: 2, strides: 2 }));
  }
}

/** Output side of the stem for an input side: three 2x2 poolings. */
export const stemOutputSize = (inputSize: number): number => Math.floor(inputSize / 2 ** (FIRST_TRAINABLE_BLOCK - 1));

/** Builds VGG16 with random weights (glorot uniform), the stem frozen. */
export function buildVgg16(tf: Tf, config: Vgg16Config = {}): Vgg16 {
  const inputSize = config.inputSize ?? VGG16_INPUT_SIZE;
  const blocks = config.blocks ?? VGG16_BLOCKS;
  const stem = tf.sequential({ name: 'vgg16_stem' });
  addBlocks(tf, stem, blocks, 1, FIRST_TRAINABLE_BLOCK - 1, [inputSize, inputSize, 3]);
  stem.trainable = false;
  const trunk = tf.sequential({ name: 'vgg16_trunk' });
  const side = stemOutputSize(inputSize);
  const stemChannels = blocks[FIRST_TRAINABLE_BLOCK - 2]?.at(-1) ?? 0;
  addBlocks(tf, trunk, blocks, FIRST_TRAINABLE_BLOCK, blocks.length, [side, side, stemChannels]);
  return { stem, trunk };
}
