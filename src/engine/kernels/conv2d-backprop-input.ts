/**
 * A faster `Conv2DBackpropInput` for stride 1, NHWC (every VGG16 convolution): tfjs-backend-wasm's
 * own kernel is a scalar loop, 8x slower than its XNNPACK forward convolution (bench). For stride
 * 1 the input gradient is a forward convolution of dY with the filter rotated 180 degrees and its
 * channels swapped, padded by (filter - 1 - forward padding). Other strides use the original kernel.
 */
import type { Conv2DBackpropInputAttrs } from '@tensorflow/tfjs-core';
import type { Tf } from '../tf.js';
import type { Tensor, TensorInfoLike } from './tensor-info.js';
import { withTensors } from './tensor-info.js';

type KernelFunc = (args: { inputs: Record<string, unknown>; attrs?: unknown; backend: unknown }) => unknown;

/** True when the fast path applies. */
export function isStrideOneNhwc(attrs: Conv2DBackpropInputAttrs): boolean {
  const [sh, sw] = typeof attrs.strides === 'number' ? [attrs.strides, attrs.strides] : attrs.strides;
  return sh === 1 && sw === 1 && attrs.dataFormat !== 'NCHW';
}

export function conv2dBackpropInputStrideOne(tf: Tf, dy: Tensor, filter: Tensor, attrs: Conv2DBackpropInputAttrs): Tensor {
  const [fh, fw] = filter.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(attrs.inputShape, filter.shape as [number, number, number, number], 1, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
  const [, inH, inW] = attrs.inputShape;
  const top = fh - 1 - info.padInfo.top;
  const left = fw - 1 - info.padInfo.left;
  const bottom = inH - info.outHeight - top + fh - 1;
  const right = inW - info.outWidth - left + fw - 1;
  const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as ReturnType<Tf['tensor4d']>;
  return tf.conv2d(dy as ReturnType<Tf['tensor4d']>, flipped, 1, [[0, 0], [top, bottom], [left, right], [0, 0]]);
}

export function conv2dBackpropInputKernel(tf: Tf, original: KernelFunc) {
  return {
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: (args: { inputs: Record<string, unknown>; attrs?: unknown; backend: unknown }) => {
      const attrs = args.attrs as Conv2DBackpropInputAttrs;
      if (!isStrideOneNhwc(attrs)) return original(args);
      return withTensors(tf, args.inputs as { dy: TensorInfoLike; filter: TensorInfoLike }, ({ dy, filter }) => conv2dBackpropInputStrideOne(tf, dy, filter, attrs));
    },
  };
}
