/**
 * A frozen stack of 3x3 'same' convolutions with ReLU and 2x2 max-poolings (VGG16's blocks), run by
 * onnxruntime-node instead of tfjs-wasm: its native kernels run the VGG16 convolutions several
 * times faster (bench/train.ts). The graph is generated from the tfjs layers' weights, NHWC in and
 * out like the rest of the engine.
 */
import * as ort from 'onnxruntime-node';
import type { Attribute, OnnxNode, OnnxTensor } from './protobuf.js';
import { encodeModel } from './protobuf.js';

/** One layer of the stack: a convolution (kernel [kh, kw, cin, cout] as tfjs keeps it) or a pooling. */
export type StackLayer =
  | { readonly kind: 'conv'; readonly kernel: Float32Array; readonly kernelShape: readonly [number, number, number, number]; readonly bias: Float32Array }
  | { readonly kind: 'pool' };

export interface ConvStack {
  /** NHWC in, NHWC out. */
  run(input: Float32Array, shape: readonly [number, number, number, number]): Promise<{ data: Float32Array; shape: [number, number, number, number] }>;
  release(): Promise<void>;
}

/** tfjs's [kh, kw, cin, cout] to ONNX's [cout, cin, kh, kw]. */
function toOihw(kernel: Float32Array, [kh, kw, cin, cout]: readonly [number, number, number, number]): Float32Array {
  const out = new Float32Array(kernel.length);
  for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let i = 0; i < cin; i++) for (let o = 0; o < cout; o++) {
    out[((o * cin + i) * kh + y) * kw + x] = kernel[((y * kw + x) * cin + i) * cout + o] ?? 0;
  }
  return out;
}

export async function createConvStack(layers: readonly StackLayer[], threads = 2): Promise<ConvStack> {
  const nodes: OnnxNode[] = [{ op: 'Transpose', inputs: ['x'], outputs: ['t0'], attributes: [{ name: 'perm', ints: [0, 3, 1, 2] }] }];
  const initializers: OnnxTensor[] = [];
  let current = 't0';
  let channels = 3;
  layers.forEach((layer, i) => {
    const out = `l${i}`;
    if (layer.kind === 'conv') {
      const [kh, kw, cin, cout] = layer.kernelShape;
      initializers.push({ name: `w${i}`, dims: [cout, cin, kh, kw], data: toOihw(layer.kernel, layer.kernelShape) }, { name: `b${i}`, dims: [cout], data: layer.bias });
      const attributes: Attribute[] = [{ name: 'kernel_shape', ints: [kh, kw] }, { name: 'pads', ints: [(kh - 1) >> 1, (kw - 1) >> 1, kh >> 1, kw >> 1] }];
      nodes.push({ op: 'Conv', inputs: [current, `w${i}`, `b${i}`], outputs: [`c${i}`], attributes }, { op: 'Relu', inputs: [`c${i}`], outputs: [out] });
      channels = cout;
    } else {
      nodes.push({ op: 'MaxPool', inputs: [current], outputs: [out], attributes: [{ name: 'kernel_shape', ints: [2, 2] }, { name: 'strides', ints: [2, 2] }] });
    }
    current = out;
  });
  nodes.push({ op: 'Transpose', inputs: [current], outputs: ['y'], attributes: [{ name: 'perm', ints: [0, 2, 3, 1] }] });
  const model = encodeModel({ name: 'conv_stack', nodes, initializers, inputs: [{ name: 'x', dims: ['n', 'h', 'w', 3] }], outputs: [{ name: 'y', dims: ['n', 'oh', 'ow', channels] }] });
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  return {
    async run(input, shape) {
      const result = await session.run({ x: new ort.Tensor('float32', input, [...shape]) });
      const y = result.y as ort.Tensor;
      return { data: y.data as Float32Array, shape: y.dims.map(Number) as [number, number, number, number] };
    },
    release: () => session.release(),
  };
}
