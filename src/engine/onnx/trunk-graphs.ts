/**
 * Forward and backward ONNX graphs of VGG16's retrained blocks (3x3 'same' convolutions + ReLU,
 * 2x2 max-poolings), for onnxruntime-node: the backward pass uses only standard ONNX operators —
 * ConvTranspose for input gradients, one plain MatMul per filter tap for filter gradients (the
 * im2col of the wasm kernel), ScatterElements on MaxPool's indices for pooling. Weights are graph
 * inputs in tfjs's layouts ([kh, kw, cin, cout] kernels), so a step never rebuilds a session.
 */
import type { OnnxGraph, OnnxNode, OnnxTensor, OnnxValue } from './protobuf.js';
import { int64 } from './protobuf.js';

export type TrunkLayer = { readonly kind: 'conv'; readonly cin: number; readonly cout: number } | { readonly kind: 'pool' };

/** Spatial size before each layer, and the channels, for an input of side `size` and `channels`. */
function shapes(layers: readonly TrunkLayer[], size: number, channels: number): { side: number; channels: number }[] {
  const out = [{ side: size, channels }];
  for (const layer of layers) {
    const prev = out.at(-1) ?? { side: size, channels };
    out.push(layer.kind === 'pool' ? { side: Math.floor(prev.side / 2), channels: prev.channels } : { side: prev.side, channels: layer.cout });
  }
  return out;
}

const weightInputs = (layers: readonly TrunkLayer[]): OnnxValue[] =>
  layers.flatMap((l, i) => (l.kind === 'conv' ? [{ name: `k${i}`, dims: [3, 3, l.cin, l.cout] }, { name: `b${i}`, dims: [l.cout] }] : []));

/** Output names of the forward graph besides `y`: every layer's output (NCHW) and each pool's indices. */
export function savedNames(layers: readonly TrunkLayer[]): string[] {
  return ['o0', ...layers.flatMap((l, i) => (l.kind === 'pool' ? [`o${i + 1}`, `idx${i}`] : [`o${i + 1}`]))];
}

export function forwardGraph(layers: readonly TrunkLayer[], size: number, channels: number): OnnxGraph {
  const dims = shapes(layers, size, channels);
  const nodes: OnnxNode[] = [{ op: 'Transpose', inputs: ['x'], outputs: ['o0'], attributes: [{ name: 'perm', ints: [0, 3, 1, 2] }] }];
  const outputs: OnnxValue[] = [];
  layers.forEach((l, i) => {
    const d = dims[i + 1] ?? { side: 0, channels: 0 };
    if (l.kind === 'conv') {
      nodes.push(
        { op: 'Transpose', inputs: [`k${i}`], outputs: [`w${i}`], attributes: [{ name: 'perm', ints: [3, 2, 0, 1] }] },
        { op: 'Conv', inputs: [`o${i}`, `w${i}`, `b${i}`], outputs: [`z${i}`], attributes: [{ name: 'kernel_shape', ints: [3, 3] }, { name: 'pads', ints: [1, 1, 1, 1] }] },
        { op: 'Relu', inputs: [`z${i}`], outputs: [`o${i + 1}`] },
      );
    } else {
      nodes.push({ op: 'MaxPool', inputs: [`o${i}`], outputs: [`o${i + 1}`, `idx${i}`], attributes: [{ name: 'kernel_shape', ints: [2, 2] }, { name: 'strides', ints: [2, 2] }] });
    }
    outputs.push({ name: `o${i + 1}`, dims: ['n', d.channels, d.side, d.side] });
  });
  const last = dims.at(-1) ?? { side: 0, channels: 0 };
  nodes.push({ op: 'Transpose', inputs: [`o${layers.length}`], outputs: ['y'], attributes: [{ name: 'perm', ints: [0, 2, 3, 1] }] });
  return {
    name: 'trunk_forward',
    nodes,
    initializers: [],
    inputs: [{ name: 'x', dims: ['n', size, size, channels] }, ...weightInputs(layers)],
    outputs: [{ name: 'y', dims: ['n', last.side, last.side, last.channels] }, { name: 'o0', dims: ['n', channels, size, size] }, ...outputs],
    int64Outputs: layers.flatMap((l, i) => (l.kind === 'pool' ? [{ name: `idx${i}`, dims: ['n', dims[i + 1]?.channels ?? 0, dims[i + 1]?.side ?? 0, dims[i + 1]?.side ?? 0] }] : [])),
  };
}

/** Gradients of every kernel (tfjs layout) and bias from dL/dy (NHWC) and the forward's saved outputs. */
export function backwardGraph(layers: readonly TrunkLayer[], size: number, channels: number): OnnxGraph {
  const dims = shapes(layers, size, channels);
  const nodes: OnnxNode[] = [{ op: 'Transpose', inputs: ['dy'], outputs: [`g${layers.length}`], attributes: [{ name: 'perm', ints: [0, 3, 1, 2] }] }];
  const initializers: OnnxTensor[] = [int64('flat', [-1]), int64('nchw_reduce', [0, 2, 3]), int64('pads1', [0, 0, 1, 1, 0, 0, 1, 1]), int64('axes23', [2, 3]), int64('axis0', [0])];
  const outputs: OnnxValue[] = [];
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i] as TrunkLayer;
    const g = `g${i + 1}`;
    const d = dims[i] ?? { side: 0, channels: 0 };
    if (l.kind === 'pool') {
      nodes.push(
        { op: 'Shape', inputs: [`o${i}`], outputs: [`shape${i}`] },
        { op: 'ConstantOfShape', inputs: [`shape${i}`], outputs: [`zeros${i}`] },
        { op: 'Reshape', inputs: [`zeros${i}`, 'flat'], outputs: [`zerosflat${i}`] },
        { op: 'Reshape', inputs: [`idx${i}`, 'flat'], outputs: [`idxflat${i}`] },
        { op: 'Reshape', inputs: [g, 'flat'], outputs: [`gflat${i}`] },
        { op: 'ScatterElements', inputs: [`zerosflat${i}`, `idxflat${i}`, `gflat${i}`], outputs: [`scattered${i}`], attributes: [{ name: 'axis', int: 0 }] },
        { op: 'Reshape', inputs: [`scattered${i}`, `shape${i}`], outputs: [`g${i}`] },
      );
      continue;
    }
    const side = d.side;
    nodes.push(
      { op: 'Greater', inputs: [`o${i + 1}`, 'zero'], outputs: [`on${i}`] },
      { op: 'Cast', inputs: [`on${i}`], outputs: [`mask${i}`], attributes: [{ name: 'to', int: 1 }] },
      { op: 'Mul', inputs: [g, `mask${i}`], outputs: [`gz${i}`] },
      { op: 'ReduceSum', inputs: [`gz${i}`, 'nchw_reduce'], outputs: [`db${i}`], attributes: [{ name: 'keepdims', int: 0 }] },
      // dY as rows [n*h*w, cout], the input padded once; one MatMul per tap.
      { op: 'Transpose', inputs: [`gz${i}`], outputs: [`gzt${i}`], attributes: [{ name: 'perm', ints: [0, 2, 3, 1] }] },
      { op: 'Reshape', inputs: [`gzt${i}`, `rows${i}`], outputs: [`gzrows${i}`] },
      { op: 'Pad', inputs: [`o${i}`, 'pads1'], outputs: [`xp${i}`] },
      { op: 'Transpose', inputs: [`xp${i}`], outputs: [`xpt${i}`], attributes: [{ name: 'perm', ints: [1, 0, 2, 3] }] },
    );
    initializers.push(int64(`rows${i}`, [-1, l.cout]), int64(`cols${i}`, [l.cin, -1]), int64(`kshape${i}`, [3, 3, l.cin, l.cout]));
    const taps: string[] = [];
    for (let kh = 0; kh < 3; kh++) {
      for (let kw = 0; kw < 3; kw++) {
        const t = `${i}_${kh}${kw}`;
        initializers.push(int64(`start${t}`, [kh, kw]), int64(`end${t}`, [kh + side, kw + side]));
        nodes.push(
          { op: 'Slice', inputs: [`xpt${i}`, `start${t}`, `end${t}`, 'axes23'], outputs: [`win${t}`] },
          { op: 'Reshape', inputs: [`win${t}`, `cols${i}`], outputs: [`wincols${t}`] },
          { op: 'MatMul', inputs: [`wincols${t}`, `gzrows${i}`], outputs: [`tap${t}`] },
          { op: 'Unsqueeze', inputs: [`tap${t}`, 'axis0'], outputs: [`tapu${t}`] },
        );
        taps.push(`tapu${t}`);
      }
    }
    nodes.push(
      { op: 'Concat', inputs: taps, outputs: [`dkflat${i}`], attributes: [{ name: 'axis', int: 0 }] },
      { op: 'Reshape', inputs: [`dkflat${i}`, `kshape${i}`], outputs: [`dk${i}`] },
    );
    outputs.push({ name: `dk${i}`, dims: [3, 3, l.cin, l.cout] }, { name: `db${i}`, dims: [l.cout] });
    if (i > 0) {
      nodes.push(
        { op: 'Transpose', inputs: [`k${i}`], outputs: [`w${i}`], attributes: [{ name: 'perm', ints: [3, 2, 0, 1] }] },
        { op: 'ConvTranspose', inputs: [`gz${i}`, `w${i}`], outputs: [`g${i}`], attributes: [{ name: 'kernel_shape', ints: [3, 3] }, { name: 'pads', ints: [1, 1, 1, 1] }] },
      );
    }
  }
  initializers.push({ name: 'zero', dims: [], data: new Float32Array([0]) });
  const savedInputs: OnnxValue[] = [];
  const int64Inputs: OnnxValue[] = [];
  layers.forEach((l, i) => {
    const before = dims[i] ?? { side: 0, channels: 0 };
    const after = dims[i + 1] ?? { side: 0, channels: 0 };
    if (i === 0) savedInputs.push({ name: 'o0', dims: ['n', before.channels, before.side, before.side] });
    savedInputs.push({ name: `o${i + 1}`, dims: ['n', after.channels, after.side, after.side] });
    if (l.kind === 'pool') int64Inputs.push({ name: `idx${i}`, dims: ['n', after.channels, after.side, after.side] });
  });
  const last = dims.at(-1) ?? { side: 0, channels: 0 };
  return {
    name: 'trunk_backward',
    nodes,
    initializers,
    inputs: [{ name: 'dy', dims: ['n', last.side, last.side, last.channels] }, ...savedInputs, ...weightInputs(layers)],
    int64Inputs,
    outputs,
  };
}
