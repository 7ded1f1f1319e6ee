/**
 * The forward pass of dlib's `dlib_face_recognition_resnet_model_v1` (a ResNet-34 with 29 conv
 * layers, 128-D output), following face-api.js `faceRecognitionNet/`: every conv is followed by an
 * affine "scale" layer (dlib's frozen batch norm); down-sampling residuals add an average-pooled,
 * zero-channel-padded shortcut.
 */
import type { NamedTensorMap, Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../engine/tf.js';
import { MaskfaceError } from '../../errors.js';

interface ConvParams {
  readonly filters: Tensor4D;
  readonly bias: Tensor1D;
  readonly scaleWeights: Tensor1D;
  readonly scaleBiases: Tensor1D;
}

interface ResidualParams {
  readonly conv1: ConvParams;
  readonly conv2: ConvParams;
}

/** Residual blocks in order, with whether each one halves the resolution. */
export const RESIDUAL_BLOCKS: ReadonlyArray<readonly [string, boolean]> = [
  ['conv32_1', false], ['conv32_2', false], ['conv32_3', false],
  ['conv64_down', true], ['conv64_1', false], ['conv64_2', false], ['conv64_3', false],
  ['conv128_down', true], ['conv128_1', false], ['conv128_2', false],
  ['conv256_down', true], ['conv256_1', false], ['conv256_2', false],
  ['conv256_down_out', true],
];

export interface NetParams {
  readonly stem: ConvParams;
  readonly blocks: ReadonlyArray<{ readonly down: boolean; readonly params: ResidualParams }>;
  readonly fc: Tensor2D;
}

function take<T>(weights: NamedTensorMap, name: string, rank: number, file: string): T {
  const tensor = weights[name];
  if (tensor === undefined || tensor.rank !== rank) {
    throw new MaskfaceError('MF_BAD_WEIGHTS', `${file}: expected weight ${name} of rank ${rank}, found ${tensor === undefined ? 'none' : `rank ${tensor.rank}`}. Reinstall @vladmandic/face-api.`, { file });
  }
  return tensor as T;
}

function convParams(weights: NamedTensorMap, prefix: string, file: string): ConvParams {
  return {
    filters: take(weights, `${prefix}/conv/filters`, 4, file),
    bias: take(weights, `${prefix}/conv/bias`, 1, file),
    scaleWeights: take(weights, `${prefix}/scale/weights`, 1, file),
    scaleBiases: take(weights, `${prefix}/scale/biases`, 1, file),
  };
}

export function netParamsFromWeights(weights: NamedTensorMap, file: string): NetParams {
  return {
    stem: convParams(weights, 'conv32_down', file),
    blocks: RESIDUAL_BLOCKS.map(([name, down]) => ({
      down,
      params: { conv1: convParams(weights, `${name}/conv1`, file), conv2: convParams(weights, `${name}/conv2`, file) },
    })),
    fc: take(weights, 'fc', 2, file),
  };
}

function conv(tf: Tf, x: Tensor4D, p: ConvParams, stride: 1 | 2, relu: boolean, padding: 'same' | 'valid'): Tensor4D {
  const out = tf.add(tf.mul(tf.add(tf.conv2d(x, p.filters, stride, padding), p.bias), p.scaleWeights), p.scaleBiases) as Tensor4D;
  return relu ? tf.relu(out) : out;
}

function residual(tf: Tf, x: Tensor4D, p: ResidualParams, down: boolean): Tensor4D {
  let out = conv(tf, x, p.conv1, down ? 2 : 1, true, down ? 'valid' : 'same');
  out = conv(tf, out, p.conv2, 1, false, 'same');
  let shortcut = x;
  if (down) {
    shortcut = tf.avgPool(x, 2, 2, 'valid');
    // A 'valid' stride-2 conv on an odd size is one short of the pooled shortcut: pad with zeros.
    const padRows = shortcut.shape[1] - out.shape[1];
    const padCols = shortcut.shape[2] - out.shape[2];
    if (padRows > 0 || padCols > 0) out = tf.pad(out, [[0, 0], [0, padRows], [0, padCols], [0, 0]]);
    const extraChannels = out.shape[3] - shortcut.shape[3];
    if (extraChannels > 0) shortcut = tf.pad(shortcut, [[0, 0], [0, 0], [0, 0], [0, extraChannels]]);
  }
  return tf.relu(tf.add(out, shortcut)) as Tensor4D;
}

/** Forward pass of a normalised batch [n, 150, 150, 3] to descriptors [n, 128]; call inside tf.tidy. */
export function forward(tf: Tf, params: NetParams, normalized: Tensor4D): Tensor2D {
  let out = conv(tf, normalized, params.stem, 2, true, 'valid');
  out = tf.maxPool(out, 3, 2, 'valid');
  for (const block of params.blocks) out = residual(tf, out, block.params, block.down);
  return tf.matMul(tf.mean(out, [1, 2]) as Tensor2D, params.fc);
}
