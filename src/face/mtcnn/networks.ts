/**
 * The three MTCNN networks (Zhang et al. 2016, fig. 2). Inputs are normalised RGB patches
 * ((x - 127.5) / 128) laid out width-first ([batch, width, height, 3]): the original Caffe model
 * was trained on transposed images, so every input is transposed before it reaches these.
 */
import type { Tensor, Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../engine/tf.js';
import type { ConvParams, DenseParams, ONetParams, PNetParams, RNetParams, SharedParams } from './weights.js';

const conv = (tf: Tf, x: Tensor4D, p: ConvParams): Tensor4D => tf.add(tf.conv2d(x, p.filters, 1, 'valid'), p.bias);
const dense = (tf: Tf, x: Tensor2D, p: DenseParams): Tensor2D => tf.add(tf.matMul(x, p.weights), p.bias);
/** Per-channel PReLU; the alpha vector broadcasts over the last axis. */
const prelu = <T extends Tensor>(tf: Tf, x: T, alpha: Tensor1D): T => tf.prelu(x, alpha as Tensor as T);

function sharedLayers(tf: Tf, x: Tensor4D, p: SharedParams, isPNet: boolean): Tensor4D {
  let out = prelu(tf, conv(tf, x, p.conv1), p.prelu1);
  out = tf.maxPool(out, isPNet ? 2 : 3, 2, 'same');
  out = prelu(tf, conv(tf, out, p.conv2), p.prelu2);
  if (!isPNet) out = tf.maxPool(out, 3, 2, 'valid');
  return prelu(tf, conv(tf, out, p.conv3), p.prelu3);
}

/** Proposal net, fully convolutional: face probability and box regression per 12x12 cell (stride 2). */
export function pnet(tf: Tf, x: Tensor4D, p: PNetParams): { prob: Tensor4D; regions: Tensor4D } {
  return tf.tidy(() => {
    const features = sharedLayers(tf, x, p, true);
    return { prob: tf.softmax(conv(tf, features, p.conv4_1)), regions: conv(tf, features, p.conv4_2) };
  });
}

/** Refine net on 24x24 patches: face probability [N, 2] and box regression [N, 4]. */
export function rnet(tf: Tf, x: Tensor4D, p: RNetParams): { prob: Tensor2D; regions: Tensor2D } {
  return tf.tidy(() => {
    const features = sharedLayers(tf, x, p, false);
    const flat = tf.reshape(features, [features.shape[0], -1]) as Tensor2D;
    const fc1 = prelu(tf, dense(tf, flat, p.fc1), p.prelu4);
    return { prob: tf.softmax(dense(tf, fc1, p.fc2_1)), regions: dense(tf, fc1, p.fc2_2) };
  });
}

/** Output net on 48x48 patches: probability [N, 2], regression [N, 4], 5 landmarks [N, 10] (x1..x5, y1..y5). */
export function onet(tf: Tf, x: Tensor4D, p: ONetParams): { prob: Tensor2D; regions: Tensor2D; points: Tensor2D } {
  return tf.tidy(() => {
    let features = sharedLayers(tf, x, p, false);
    features = tf.maxPool(features, 2, 2, 'same');
    features = prelu(tf, conv(tf, features, p.conv4), p.prelu4);
    const flat = tf.reshape(features, [features.shape[0], -1]) as Tensor2D;
    const fc1 = prelu(tf, dense(tf, flat, p.fc1), p.prelu5);
    return { prob: tf.softmax(dense(tf, fc1, p.fc2_1)), regions: dense(tf, fc1, p.fc2_2), points: dense(tf, fc1, p.fc2_3) };
  });
}
