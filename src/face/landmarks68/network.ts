/**
 * The forward pass of face-api.js's FaceLandmark68Net: four dense blocks (each a stride-2 conv
 * then three separable convs whose inputs are the running sum of the earlier outputs), a 7x7
 * average pool and one fully connected layer to 136 numbers (x0, y0, x1, y1, ...) in [0, 1] of
 * the square input.
 */
import type { Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../engine/tf.js';
import { MEAN_RGB } from './constants.js';
import type { DenseBlockParams, Landmarks68Weights, SeparableConvParams } from './weights.js';

function separableConv(tf: Tf, x: Tensor4D, p: SeparableConvParams, stride: 1 | 2): Tensor4D {
  return tf.add(tf.separableConv2d(x, p.depthwiseFilter, p.pointwiseFilter, stride, 'same'), p.bias);
}

function denseBlock(tf: Tf, x: Tensor4D, p: DenseBlockParams): Tensor4D {
  const conv0 = 'filters' in p.conv0 ? tf.add(tf.conv2d(x, p.conv0.filters, 2, 'same'), p.conv0.bias) : separableConv(tf, x, p.conv0, 2);
  const out1 = tf.relu(conv0 as Tensor4D);
  const out2 = separableConv(tf, out1, p.conv1, 1);
  const out3 = separableConv(tf, tf.relu(tf.add(out1, out2)) as Tensor4D, p.conv2, 1);
  const out4 = separableConv(tf, tf.relu(tf.addN([out1, out2, out3])) as Tensor4D, p.conv3, 1);
  return tf.relu(tf.addN([out1, out2, out3, out4])) as Tensor4D;
}

/** `input`: [batch, 112, 112, 3] float RGB in 0..255. Returns [batch, 136]. Call inside tf.tidy. */
export function forward(tf: Tf, weights: Landmarks68Weights, input: Tensor4D): Tensor2D {
  let x: Tensor4D = tf.div(tf.sub(input, tf.tensor1d(MEAN_RGB as unknown as number[])), 255);
  for (const block of weights.dense) x = denseBlock(tf, x, block);
  const pooled = tf.avgPool(x, [7, 7], [2, 2], 'valid');
  return tf.add(tf.matMul(tf.reshape(pooled, [pooled.shape[0], -1]), weights.fcWeights), weights.fcBias);
}
