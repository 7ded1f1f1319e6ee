/**
 * Forward and backward ONNX graphs of VGG16's retrained blocks with Winograd F(2x2, 3x3)
 * convolutions (Lavin & Gray 2015), NHWC throughout. A 3x3 'same' convolution becomes, per 4x4
 * input tile (stride 2): V = B'dB, U = GgG', M = sum over input channels of U * V (16 batched
 * GEMMs [tiles, cin] x [cin, cout]), y = A'MA: 16 multiplies per 2x2 outputs instead of 36, so the
 * GEMMs do 4/9 of a direct convolution's multiply-adds. The backward pass is the exact adjoint of
 * the same linear maps: dM = A dY A' per tile, dU = V' dM and dV = dM U' (the same batched GEMMs),
 * dg = G' dU G, dd = B dV B' overlap-added back onto the image. Max-pooling is Reshape + ReduceMax;
 * its gradient goes to the window's positions equal to the maximum (a tie between positive values
 * does not occur in practice; tied zeros after ReLU get no gradient through the ReLU anyway).
 * Needs every convolution's side to be even (VGG16 at 160x160: 20 and 10); trunk-graphs.ts
 * covers the rest. Kernels are transformed once per optimiser step (winogradKernelGraph) and are
 * graph inputs of the forward and backward graphs, so a step never rebuilds a session.
 */
import type { OnnxGraph, OnnxNode, OnnxTensor, OnnxValue } from './protobuf.js';
import { int64 } from './protobuf.js';
import type { TrunkLayer } from './trunk-graphs.js';

const BT = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]];
const G = [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]];
const AT = [[1, 1, 1, 0], [0, 1, -1, -1]];

/** (m ⊗ m), row (a, b) and column (i, j) row-major: applies m on both sides of a flattened tile. */
function kron(m: readonly number[][]): number[][] {
  const rows = m.length;
  const cols = m[0]?.length ?? 0;
  const out: number[][] = [];
  for (let a = 0; a < rows; a++) for (let b = 0; b < rows; b++) {
    const row: number[] = [];
    for (let i = 0; i < cols; i++) for (let j = 0; j < cols; j++) row.push((m[a]?.[i] ?? 0) * (m[b]?.[j] ?? 0));
    out.push(row);
  }
  return out;
}
const transposed = (m: readonly number[][]): number[][] => (m[0] ?? []).map((_, j) => m.map((row) => row[j] ?? 0));
const matrix = (name: string, m: readonly number[][]): OnnxTensor => ({ name, dims: [m.length, m[0]?.length ?? 0], data: Float32Array.from(m.flat()) });

const CONSTANTS: OnnxTensor[] = [
  matrix('BB', kron(BT)), // [16, 16]: tile -> V
  matrix('BBt', transposed(kron(BT))), // [16, 16]: dV -> tile gradient
  matrix('GG', kron(G)), // [16, 9]: kernel taps -> U
  matrix('GGt', transposed(kron(G))), // [9, 16]: dU -> kernel gradient
  matrix('AA', kron(AT)), // [4, 16]: M -> 2x2 outputs
  matrix('AAt', transposed(kron(AT))), // [16, 4]: output gradient -> dM
];

/** Whether every convolution and pooling of the stack sees an even side (what the tiling needs). */
export function winogradFits(layers: readonly TrunkLayer[], size: number): boolean {
  let side = size;
  for (const l of layers) {
    if (side % 2 !== 0) return false;
    if (l.kind === 'pool') side /= 2;
  }
  return true;
}

interface Builder {
  readonly nodes: OnnxNode[];
  readonly initializers: OnnxTensor[];
  node(op: string, inputs: readonly string[], attributes?: OnnxNode['attributes']): string;
  ints(values: readonly number[]): string;
  /** One of CONSTANTS, added to the graph on first use. */
  constant(name: string): string;
}

function builder(prefix: string): Builder {
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  const known = new Map<string, string>();
  let count = 0;
  return {
    nodes,
    initializers,
    node(op, inputs, attributes) {
      const out = `${prefix}${count++}`;
      nodes.push({ op, inputs, outputs: [out], ...(attributes === undefined ? {} : { attributes }) });
      return out;
    },
    constant(name) {
      const tensor = CONSTANTS.find((c) => c.name === name);
      if (tensor === undefined) throw new Error(`no Winograd constant ${name}`);
      if (!initializers.includes(tensor)) initializers.push(tensor);
      return name;
    },
    ints(values) {
      const key = values.join(',');
      let name = known.get(key);
      if (name === undefined) {
        name = `c${known.size}_${prefix}`;
        known.set(key, name);
        initializers.push(int64(name, values));
      }
      return name;
    },
  };
}

const perm = (ints: readonly number[]): OnnxNode['attributes'] => [{ name: 'perm', ints }];

/** NHWC [n, s, s, c] -> V [16, n*t*t, c]: overlapping 4x4 tiles at stride 2 of the padded image, transformed. */
function inputTransform(b: Builder, x: string, s: number, c: number): string {
  const t = s / 2;
  const p = t + 1;
  const padded = b.node('Pad', [x, b.ints([0, 1, 1, 0, 0, 1, 1, 0])]);
  // Rows: pairs 0..t-1 and 1..t side by side make each tile's 4 rows.
  const rows = b.node('Reshape', [padded, b.ints([-1, p, 2, s + 2, c])]);
  const r0 = b.node('Slice', [rows, b.ints([0]), b.ints([t]), b.ints([1])]);
  const r1 = b.node('Slice', [rows, b.ints([1]), b.ints([p]), b.ints([1])]);
  const tileRows = b.node('Concat', [r0, r1], [{ name: 'axis', int: 2 }]); // [n, t, 4, s+2, c]
  const cols = b.node('Reshape', [tileRows, b.ints([-1, t, 4, p, 2, c])]);
  const c0 = b.node('Slice', [cols, b.ints([0]), b.ints([t]), b.ints([3])]);
  const c1 = b.node('Slice', [cols, b.ints([1]), b.ints([p]), b.ints([3])]);
  const tiles = b.node('Concat', [c0, c1], [{ name: 'axis', int: 4 }]); // [n, ty, i, tx, j, c]
  const ijFirst = b.node('Transpose', [tiles], perm([2, 4, 0, 1, 3, 5]));
  const flat = b.node('Reshape', [ijFirst, b.ints([16, -1])]);
  const v = b.node('MatMul', [b.constant('BB'), flat]);
  return b.node('Reshape', [v, b.ints([16, -1, c])]);
}

/** Adjoint of inputTransform: dV [16, n*t*t, c] -> gradient of the NHWC input [n, s, s, c]. */
function inputTransformAdjoint(b: Builder, dv: string, s: number, c: number): string {
  const t = s / 2;
  const flat = b.node('Reshape', [dv, b.ints([16, -1])]);
  const dd = b.node('MatMul', [b.constant('BBt'), flat]);
  const six = b.node('Reshape', [dd, b.ints([4, 4, -1, t, t, c])]);
  const tiles = b.node('Transpose', [six], perm([2, 3, 0, 4, 1, 5])); // [n, ty, i, tx, j, c]
  const c0 = b.node('Slice', [tiles, b.ints([0]), b.ints([2]), b.ints([4])]);
  const c1 = b.node('Slice', [tiles, b.ints([2]), b.ints([4]), b.ints([4])]);
  const c0p = b.node('Pad', [c0, b.ints([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0])]);
  const c1p = b.node('Pad', [c1, b.ints([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0])]);
  const colsSum = b.node('Add', [c0p, c1p]); // [n, t, 4, t+1, 2, c]
  const rowsTiles = b.node('Reshape', [colsSum, b.ints([-1, t, 4, s + 2, c])]);
  const r0 = b.node('Slice', [rowsTiles, b.ints([0]), b.ints([2]), b.ints([2])]);
  const r1 = b.node('Slice', [rowsTiles, b.ints([2]), b.ints([4]), b.ints([2])]);
  const r0p = b.node('Pad', [r0, b.ints([0, 0, 0, 0, 0, 0, 1, 0, 0, 0])]);
  const r1p = b.node('Pad', [r1, b.ints([0, 1, 0, 0, 0, 0, 0, 0, 0, 0])]);
  const rowsSum = b.node('Add', [r0p, r1p]); // [n, t+1, 2, s+2, c]
  const padded = b.node('Reshape', [rowsSum, b.ints([-1, s + 2, s + 2, c])]);
  return b.node('Slice', [padded, b.ints([1, 1]), b.ints([s + 1, s + 1]), b.ints([1, 2])]);
}

/** M [16, n*t*t, co] -> NHWC [n, s, s, co]. */
function outputTransform(b: Builder, m: string, s: number, co: number): string {
  const t = s / 2;
  const flat = b.node('Reshape', [m, b.ints([16, -1])]);
  const y = b.node('MatMul', [b.constant('AA'), flat]);
  const six = b.node('Reshape', [y, b.ints([2, 2, -1, t, t, co])]);
  const nhwc = b.node('Transpose', [six], perm([2, 3, 0, 4, 1, 5]));
  return b.node('Reshape', [nhwc, b.ints([-1, s, s, co])]);
}

/** Adjoint of outputTransform: NHWC gradient [n, s, s, co] -> dM [16, n*t*t, co]. */
function outputTransformAdjoint(b: Builder, g: string, s: number, co: number): string {
  const t = s / 2;
  const six = b.node('Reshape', [g, b.ints([-1, t, 2, t, 2, co])]);
  const pqFirst = b.node('Transpose', [six], perm([2, 4, 0, 1, 3, 5]));
  const flat = b.node('Reshape', [pqFirst, b.ints([4, -1])]);
  const dm = b.node('MatMul', [b.constant('AAt'), flat]);
  return b.node('Reshape', [dm, b.ints([16, -1, co])]);
}

/** Kernel [3, 3, cin, cout] -> U [16, cin, cout]. */
function kernelTransform(b: Builder, k: string, cin: number, cout: number): string {
  const flat = b.node('Reshape', [k, b.ints([9, -1])]);
  const u = b.node('MatMul', [b.constant('GG'), flat]);
  return b.node('Reshape', [u, b.ints([16, cin, cout])]);
}

/** Side before each layer. */
function sides(layers: readonly TrunkLayer[], size: number): number[] {
  const out = [size];
  for (const l of layers) out.push(l.kind === 'pool' ? Math.floor((out.at(-1) ?? 0) / 2) : (out.at(-1) ?? 0));
  return out;
}
function channelsBefore(layers: readonly TrunkLayer[], channels: number): number[] {
  const out = [channels];
  for (const l of layers) out.push(l.kind === 'pool' ? (out.at(-1) ?? 0) : l.cout);
  return out;
}

const kernelInputs = (layers: readonly TrunkLayer[]): OnnxValue[] =>
  layers.flatMap((l, i) => (l.kind === 'conv' ? [{ name: `k${i}`, dims: [3, 3, l.cin, l.cout] }] : []));
const transformedInputs = (layers: readonly TrunkLayer[]): OnnxValue[] =>
  layers.flatMap((l, i) => (l.kind === 'conv' ? [{ name: `u${i}`, dims: [16, l.cin, l.cout] }, { name: `b${i}`, dims: [l.cout] }] : []));
const transposedInputs = (layers: readonly TrunkLayer[]): OnnxValue[] =>
  layers.flatMap((l, i) => (l.kind === 'conv' && i > 0 ? [{ name: `ut${i}`, dims: [16, l.cout, l.cin] }] : []));

/**
 * Kernels [3, 3, cin, cout] to the transformed `u{i}` = GgG' [16, cin, cout] that the forward graph
 * takes and their transposes `ut{i}` [16, cout, cin] for the backward one: once per optimiser step.
 */
export function winogradKernelGraph(layers: readonly TrunkLayer[]): OnnxGraph {
  const b = builder('kt_');
  const outputs: OnnxValue[] = [];
  layers.forEach((l, i) => {
    if (l.kind !== 'conv') return;
    b.nodes.push({ op: 'Identity', inputs: [kernelTransform(b, `k${i}`, l.cin, l.cout)], outputs: [`u${i}`] });
    outputs.push({ name: `u${i}`, dims: [16, l.cin, l.cout] });
    if (i > 0) {
      b.nodes.push({ op: 'Transpose', inputs: [`u${i}`], outputs: [`ut${i}`], attributes: perm([0, 2, 1]) });
      outputs.push({ name: `ut${i}`, dims: [16, l.cout, l.cin] });
    }
  });
  return { name: 'trunk_winograd_kernels', nodes: b.nodes, initializers: b.initializers, inputs: kernelInputs(layers), outputs };
}

/** What the forward graph hands to the backward one besides `y`: each layer's output, each conv's V. */
export function winogradSavedNames(layers: readonly TrunkLayer[]): string[] {
  return layers.flatMap((l, i) => (l.kind === 'conv' ? [`v${i}`, `o${i + 1}`] : [`o${i + 1}`]));
}
function savedValues(layers: readonly TrunkLayer[], size: number, channels: number): OnnxValue[] {
  const s = sides(layers, size);
  const c = channelsBefore(layers, channels);
  return layers.flatMap((l, i) => {
    const out: OnnxValue = { name: `o${i + 1}`, dims: ['n', s[i + 1] ?? 0, s[i + 1] ?? 0, c[i + 1] ?? 0] };
    return l.kind === 'conv' ? [{ name: `v${i}`, dims: [16, `tiles${i}`, l.cin] }, out] : [out];
  });
}

export function winogradForwardGraph(layers: readonly TrunkLayer[], size: number, channels: number): OnnxGraph {
  const b = builder('fw_');
  const s = sides(layers, size);
  const c = channelsBefore(layers, channels);
  let current = 'x';
  layers.forEach((l, i) => {
    const side = s[i] ?? 0;
    const out = `o${i + 1}`;
    if (l.kind === 'pool') {
      const t = side / 2;
      const six = b.node('Reshape', [current, b.ints([-1, t, 2, t, 2, c[i] ?? 0])]);
      const max = b.node('ReduceMax', [six], [{ name: 'axes', ints: [2, 4] }, { name: 'keepdims', int: 0 }]);
      b.nodes.push({ op: 'Identity', inputs: [max], outputs: [out] });
    } else {
      b.nodes.push({ op: 'Identity', inputs: [inputTransform(b, current, side, l.cin)], outputs: [`v${i}`] });
      const m = b.node('MatMul', [`v${i}`, `u${i}`]);
      const z = b.node('Add', [outputTransform(b, m, side, l.cout), `b${i}`]);
      b.nodes.push({ op: 'Relu', inputs: [z], outputs: [out] });
    }
    current = out;
  });
  const last = layers.length;
  b.nodes.push({ op: 'Identity', inputs: [current], outputs: ['y'] });
  return {
    name: 'trunk_winograd_forward',
    nodes: b.nodes,
    initializers: b.initializers,
    inputs: [{ name: 'x', dims: ['n', size, size, channels] }, ...transformedInputs(layers)],
    outputs: [{ name: 'y', dims: ['n', s[last] ?? 0, s[last] ?? 0, c[last] ?? 0] }, ...savedValues(layers, size, channels)],
  };
}

/** Gradients `dk{i}` ([3, 3, cin, cout]) and `db{i}` of every conv from dL/dy (NHWC) and the saved values. */
export function winogradBackwardGraph(layers: readonly TrunkLayer[], size: number, channels: number): OnnxGraph {
  const b = builder('bw_');
  const s = sides(layers, size);
  const c = channelsBefore(layers, channels);
  const outputs: OnnxValue[] = [];
  let g = 'dy';
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i] as TrunkLayer;
    const side = s[i] ?? 0;
    if (l.kind === 'pool') {
      const t = side / 2;
      const ch = c[i] ?? 0;
      const input = i === 0 ? 'x' : `o${i}`;
      const six = b.node('Reshape', [input, b.ints([-1, t, 2, t, 2, ch])]);
      const max = b.node('Reshape', [`o${i + 1}`, b.ints([-1, t, 1, t, 1, ch])]);
      const mask = b.node('Cast', [b.node('Equal', [six, max])], [{ name: 'to', int: 1 }]);
      const g6 = b.node('Reshape', [g, b.ints([-1, t, 1, t, 1, ch])]);
      g = b.node('Reshape', [b.node('Mul', [mask, g6]), b.ints([-1, side, side, ch])]);
      continue;
    }
    const on = b.node('Cast', [b.node('Greater', [`o${i + 1}`, 'zero'])], [{ name: 'to', int: 1 }]);
    const gz = b.node('Mul', [g, on]);
    b.nodes.push({ op: 'ReduceSum', inputs: [gz, b.ints([0, 1, 2])], outputs: [`db${i}`], attributes: [{ name: 'keepdims', int: 0 }] });
    const dm = outputTransformAdjoint(b, gz, side, l.cout);
    const vt = b.node('Transpose', [`v${i}`], perm([0, 2, 1]));
    const du = b.node('Reshape', [b.node('MatMul', [vt, dm]), b.ints([16, -1])]);
    b.nodes.push({ op: 'Reshape', inputs: [b.node('MatMul', [b.constant('GGt'), du]), b.ints([3, 3, l.cin, l.cout])], outputs: [`dk${i}`] });
    outputs.push({ name: `dk${i}`, dims: [3, 3, l.cin, l.cout] }, { name: `db${i}`, dims: [l.cout] });
    if (i > 0) {
      g = inputTransformAdjoint(b, b.node('MatMul', [dm, `ut${i}`]), side, l.cin);
    }
  }
  b.initializers.push({ name: 'zero', dims: [], data: new Float32Array([0]) });
  const last = layers.length;
  const needsX = layers[0]?.kind === 'pool';
  return {
    name: 'trunk_winograd_backward',
    nodes: b.nodes,
    initializers: b.initializers,
    inputs: [
      { name: 'dy', dims: ['n', s[last] ?? 0, s[last] ?? 0, c[last] ?? 0] },
      ...(needsX ? [{ name: 'x', dims: ['n', size, size, channels] }] : []),
      ...savedValues(layers, size, channels),
      ...transposedInputs(layers),
    ],
    outputs,
  };
}
