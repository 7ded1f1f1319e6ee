/**
 * `Conv2DBackpropFilter`, which tfjs-backend-wasm 4.22 lacks (so no convolution can be trained on
 * it). The filter gradient is, for each filter tap (kh, kw), the product of the input window
 * shifted by that tap and the output gradient: dW[kh,kw] = X_shift^T dY, an im2col done one tap at
 * a time. The input is moved channels-first once, so each product is a plain matMul
 * [cin, n*oh*ow] x [n*oh*ow, cout]: transposed matMuls are 10-30x slower on this backend (bench).
 */
import type { Conv2DBackpropFilterAttrs } from '@tensorflow/tfjs-core';
import type { Tf } from '../tf.js';
import type { Tensor, TensorInfoLike } from './tensor-info.js';
import { withTensors } from './tensor-info.js';

export function conv2dBackpropFilter(tf: Tf, x: Tensor, dy: Tensor, attrs: Conv2DBackpropFilterAttrs): Tensor {
  const nhwc = attrs.dataFormat === 'NCHW';
  const x4 = nhwc ? tf.transpose(x, [0, 2, 3, 1]) : x;
  const dy4 = nhwc ? tf.transpose(dy, [0, 2, 3, 1]) : dy;
  const [n, h, w, cin] = x4.shape as [number, number, number, number];
  const [fh, fw, , cout] = attrs.filterShape;
  const info = tf.backend_util.computeConv2DInfo([n, h, w, cin], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
  const { top, bottom, left, right } = info.padInfo;
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const padded = tf.pad(x4, [[0, 0], [top, Math.max(0, bottom)], [left, Math.max(0, right)], [0, 0]]);
  const channelsFirst = tf.transpose(padded, [3, 0, 1, 2]);
  const rows = n * oh * ow;
  const dyRows = tf.reshape(dy4, [rows, cout]);
  const taps: Tensor[] = [];
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      const end = [cin, n, kh + (oh - 1) * sh + 1, kw + (ow - 1) * sw + 1];
      const window = sh === 1 && sw === 1
        ? tf.slice(channelsFirst, [0, 0, kh, kw], [cin, n, oh, ow])
        : tf.stridedSlice(channelsFirst, [0, 0, kh, kw], end, [1, 1, sh, sw]);
      taps.push(tf.matMul(tf.reshape(window, [cin, rows]), dyRows));
    }
  }
  return tf.reshape(tf.stack(taps), [fh, fw, cin, cout]);
}

export function conv2dBackpropFilterKernel(tf: Tf) {
  return {
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs }: { inputs: Record<string, unknown>; attrs?: unknown }) =>
      withTensors(tf, inputs as { x: TensorInfoLike; dy: TensorInfoLike }, ({ x, dy }) => conv2dBackpropFilter(tf, x, dy, attrs as Conv2DBackpropFilterAttrs)),
  };
}
