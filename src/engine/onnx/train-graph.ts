/**
 * A training step of a feed-forward ONNX network as ONE ONNX graph of standard operators, for
 * onnxruntime-node (which has no training API here): the network's forward pass with its weights as
 * graph inputs, a weighted cosine-distance loss to target vectors, and the backward pass, written
 * out node by node. It handles what MobileFaceNet-style networks are made of (the ArcFace network
 * `fr_feature.onnx` is nothing else): Conv (full, 1x1, depthwise, a depthwise kernel as large as its
 * input), PRelu, Add and Reshape.
 *
 * Backward rules (NCHW; z = conv(x, W) + b):
 * - db = sum of dz over n, h, w.
 * - 1x1 convolution: dW = dz·xᵀ per sample (batched MatMul), summed; dx = conv(dz, Wᵀ).
 * - any other convolution: dW = the input correlated with dz over the batch, itself a convolution
 *   (samples as channels, dz dilated by the stride as the kernel; depthwise: one group per channel);
 *   dx = conv(dz, W flipped) for a depthwise kernel at stride 1, else ConvTranspose (never needed for
 *   the first layer, whose input is the photo). A depthwise kernel covering its whole unpadded input
 *   (the global depthwise layer) is a broadcast product both ways.
 * - PRelu: dx = dy where x > 0, else a·dy; da = sum of dy·min(x, 0).
 * - Add passes its gradient to both inputs; a tensor read by several nodes sums what comes back.
 *
 * Loss: L = Σᵢ wᵢ (1 − cos(sᵢ, tᵢ)) with tᵢ unit length; ∂L/∂sᵢ = −wᵢ (tᵢ/|sᵢ| − (sᵢ·tᵢ) sᵢ/|sᵢ|³).
 */
import type { ReadModel } from './read-model.js';
import type { Attribute, OnnxGraph, OnnxNode, OnnxTensor } from './protobuf.js';
import { int64 } from './protobuf.js';

export const TRAIN_INPUT = 'x';
export const TRAIN_TARGET = 't';
export const TRAIN_WEIGHT = 'w';
export const TRAIN_LOSS = 'loss';
export const TRAIN_EMBEDDING = 'embedding';
export const gradName = (param: string): string => `grad:${param}`;

const intAttr = (node: OnnxNode, name: string, fallback: number): number => {
  const a = node.attributes?.find((x) => x.name === name);
  return a !== undefined && 'int' in a ? a.int : fallback;
};
const intsAttr = (node: OnnxNode, name: string, fallback: readonly number[]): readonly number[] => {
  const a = node.attributes?.find((x) => x.name === name);
  return a !== undefined && 'ints' in a ? a.ints : fallback;
};

interface ConvInfo {
  readonly cout: number;
  readonly cinPerGroup: number;
  readonly group: number;
  readonly k: number;
  readonly stride: number;
  readonly pad: number;
  readonly inSide: number;
  readonly outSide: number;
  readonly inChannels: number;
}

export interface TrainGraph {
  readonly graph: OnnxGraph;
  /** Trainable parameters (the float initializers of the network), in order, with their shapes. */
  readonly params: readonly { readonly name: string; readonly dims: readonly number[] }[];
  readonly embeddingSize: number;
}

/**
 * The training graph of `model`, whose one input is NCHW [n, channels, side, side] and whose one
 * output is [n, d]. Throws a RangeError naming any operator or layout it has no rule for.
 */
export function buildTrainGraph(model: ReadModel, side: number, channels: number, options: { forwardOnly?: boolean } = {}): TrainGraph {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) throw new RangeError(`expected one input and one output, found ${model.inputs.length} and ${model.outputs.length}`);
  const input = model.inputs[0]!;
  const output = model.outputs[0]!;
  const inits = new Map(model.initializers.map((t) => [t.name, t]));
  const params = model.initializers.filter((t) => t.data instanceof Float32Array).map((t) => ({ name: t.name, dims: t.dims }));
  const paramNames = new Set(params.map((p) => p.name));
  const constants: OnnxTensor[] = model.initializers.filter((t) => !paramNames.has(t.name));
  const rename = (n: string): string => (n === input ? TRAIN_INPUT : n);
  // int64 constants (axes, shapes, pads), each made once by name.
  const made = new Set<string>();
  const c = (name: string, values: readonly number[]): string => {
    if (!made.has(name)) constants.push(int64(name, values));
    made.add(name);
    return name;
  };
  // Graph inputs, outputs and the constants some node reads (the model's own may go unused: its flatten shape).
  const finish = (name: string, inputs: OnnxGraph['inputs'], outputs: OnnxGraph['outputs']): OnnxGraph => {
    const used = new Set(nodes.flatMap((n) => n.inputs));
    return { name, nodes, initializers: constants.filter((t) => used.has(t.name)), inputs, outputs };
  };

  // Forward: the model's nodes as they are, shapes followed for the rules that need sides.
  const nodes: OnnxNode[] = [];
  const sideOf = new Map<string, number>([[TRAIN_INPUT, side]]);
  const channelsOf = new Map<string, number>([[TRAIN_INPUT, channels]]);
  const convInfo = new Map<OnnxNode, ConvInfo>();
  for (const n of model.nodes) {
    let node: OnnxNode = { ...n, inputs: n.inputs.map(rename), outputs: n.outputs.map(rename) };
    const shape = node.op === 'Reshape' ? inits.get(node.inputs[1] ?? '') : undefined;
    if (shape?.data instanceof BigInt64Array && shape.data[0] === 1n) {
      // A graph exported for one photo flattens to [1, -1]; the batch keeps its own axis (0: as it is).
      node = { ...node, inputs: [node.inputs[0]!, c(`batch:${shape.name}`, Array.from(shape.data, (v, i) => (i === 0 ? 0 : Number(v))))] };
    }
    nodes.push(node);
    const x = node.inputs[0]!;
    const y = node.outputs[0]!;
    if (node.op === 'Conv') {
      const w = inits.get(node.inputs[1] ?? '');
      if (w === undefined || w.dims.length !== 4) throw new RangeError(`Conv ${y}: its kernel is not a 4-D initializer`);
      const k = intsAttr(node, 'kernel_shape', [w.dims[2]!, w.dims[3]!]);
      const strides = intsAttr(node, 'strides', [1, 1]);
      const pads = intsAttr(node, 'pads', [0, 0, 0, 0]);
      const dil = intsAttr(node, 'dilations', [1, 1]);
      if (k[0] !== k[1] || strides[0] !== strides[1] || new Set(pads).size > 1 || dil.some((d) => d !== 1)) throw new RangeError(`Conv ${y}: only square kernels, equal strides and pads, no dilation`);
      const inSide = sideOf.get(x);
      const inChannels = channelsOf.get(x);
      if (inSide === undefined || inChannels === undefined) throw new RangeError(`Conv ${y}: the size of its input ${x} is unknown`);
      const info: ConvInfo = { cout: w.dims[0]!, cinPerGroup: w.dims[1]!, group: intAttr(node, 'group', 1), k: k[0]!, stride: strides[0]!, pad: pads[0] ?? 0, inSide, outSide: Math.floor((inSide + 2 * (pads[0] ?? 0) - k[0]!) / strides[0]!) + 1, inChannels };
      if (info.group !== 1 && !(info.group === inChannels && info.cinPerGroup === 1 && info.cout === inChannels)) throw new RangeError(`Conv ${y}: groups other than 1 or depthwise`);
      convInfo.set(node, info);
      sideOf.set(y, info.outSide);
      channelsOf.set(y, info.cout);
    } else if (node.op === 'PRelu' || node.op === 'Add') {
      sideOf.set(y, sideOf.get(x) ?? 0);
      channelsOf.set(y, channelsOf.get(x) ?? 0);
    } else if (node.op !== 'Reshape') {
      throw new RangeError(`no training rule for operator ${node.op} (node ${y})`);
    }
  }
  const embeddingSize = channelsOf.get(nodes.at(-1)?.inputs[0] ?? '') ?? 0;

  const weightInputs = params.map((p) => ({ name: p.name, dims: p.dims }));
  if (options.forwardOnly === true) {
    nodes.push({ op: 'Identity', inputs: [output], outputs: [TRAIN_EMBEDDING] });
    return { graph: finish('forward', [{ name: TRAIN_INPUT, dims: ['n', channels, side, side] }, ...weightInputs], [{ name: TRAIN_EMBEDDING, dims: ['n', embeddingSize] }]), params, embeddingSize };
  }

  // Loss and its gradient with respect to the output.
  const f = (name: string, value: number): string => {
    constants.push({ name, dims: [], data: new Float32Array([value]) });
    return name;
  };
  c('ax1', [1]);
  c('ax0', [0]);
  c('ax023', [0, 2, 3]);
  c('ax23', [2, 3]);
  c('flat1', [-1, 1]);
  c('flat', [-1]);
  f('zero', 0);
  f('one', 1);
  f('eps', 1e-12);
  nodes.push(
    { op: 'Identity', inputs: [output], outputs: [TRAIN_EMBEDDING] },
    { op: 'Mul', inputs: [output, output], outputs: ['L_ss_e'] },
    { op: 'ReduceSum', inputs: ['L_ss_e', 'ax1'], outputs: ['L_ss'], attributes: [{ name: 'keepdims', int: 1 }] },
    { op: 'Add', inputs: ['L_ss', 'eps'], outputs: ['L_ss_eps'] },
    { op: 'Sqrt', inputs: ['L_ss_eps'], outputs: ['L_norm'] },
    { op: 'Mul', inputs: [output, TRAIN_TARGET], outputs: ['L_st_e'] },
    { op: 'ReduceSum', inputs: ['L_st_e', 'ax1'], outputs: ['L_st'], attributes: [{ name: 'keepdims', int: 1 }] },
    { op: 'Div', inputs: ['L_st', 'L_norm'], outputs: ['L_cos'] },
    { op: 'Reshape', inputs: ['L_cos', 'flat'], outputs: ['L_cos_flat'] },
    { op: 'Sub', inputs: ['one', 'L_cos_flat'], outputs: ['L_dist'] },
    { op: 'Mul', inputs: ['L_dist', TRAIN_WEIGHT], outputs: ['L_wdist'] },
    { op: 'ReduceSum', inputs: ['L_wdist', 'ax0'], outputs: [TRAIN_LOSS], attributes: [{ name: 'keepdims', int: 0 }] },
    // dL/ds = -w (t/|s| - st s/|s|^3)
    { op: 'Div', inputs: [TRAIN_TARGET, 'L_norm'], outputs: ['L_t_n'] },
    { op: 'Mul', inputs: ['L_norm', 'L_ss_eps'], outputs: ['L_n3'] },
    { op: 'Div', inputs: ['L_st', 'L_n3'], outputs: ['L_st_n3'] },
    { op: 'Mul', inputs: [output, 'L_st_n3'], outputs: ['L_s_term'] },
    { op: 'Sub', inputs: ['L_s_term', 'L_t_n'], outputs: ['L_neg'] },
    { op: 'Reshape', inputs: [TRAIN_WEIGHT, 'flat1'], outputs: ['L_w_col'] },
    { op: 'Mul', inputs: ['L_neg', 'L_w_col'], outputs: [`d:${output}`] },
  );

  // Backward, node by node in reverse; contributions to a tensor read twice are summed.
  const pending = new Map<string, string[]>([[output, [`d:${output}`]]]);
  let serial = 0;
  const fresh = (base: string): string => `${base}#${serial++}`;
  const gradOf = (tensor: string): string | undefined => {
    const parts = pending.get(tensor);
    if (parts === undefined || parts.length === 0) return undefined;
    if (parts.length === 1) return parts[0];
    const sum = fresh(`d:${tensor}:sum`);
    nodes.push({ op: 'Sum', inputs: parts, outputs: [sum] });
    return sum;
  };
  const give = (tensor: string, grad: string): void => {
    if (tensor === TRAIN_INPUT) return;
    pending.set(tensor, [...(pending.get(tensor) ?? []), grad]);
  };
  const emit = (op: string, inputs: readonly string[], base: string, attributes?: readonly Attribute[]): string => {
    const out = fresh(base);
    nodes.push({ op, inputs, outputs: [out], ...(attributes === undefined ? {} : { attributes }) });
    return out;
  };
  const paramGrad = (param: string, op: string, inputs: readonly string[], attributes?: readonly Attribute[]): void => {
    nodes.push({ op, inputs, outputs: [gradName(param)], ...(attributes === undefined ? {} : { attributes }) });
  };

  const forwardNodes = nodes.slice(0, model.nodes.length);
  for (let i = forwardNodes.length - 1; i >= 0; i--) {
    const node = forwardNodes[i]!;
    const y = node.outputs[0]!;
    const g = gradOf(y);
    if (g === undefined) continue;
    const x = node.inputs[0]!;
    if (node.op === 'Reshape') {
      const shape = emit('Shape', [x], `shape:${x}`);
      give(x, emit('Reshape', [g, shape], `d:${x}`));
    } else if (node.op === 'Add') {
      give(node.inputs[0]!, g);
      give(node.inputs[1]!, g);
    } else if (node.op === 'PRelu') {
      const slope = node.inputs[1]!;
      // dy/dx = 1 where x > 0, else a: PRelu(sign(x), -a) in two cheap passes (Where is slow in onnxruntime).
      const sign = emit('Sign', [x], `sign:${x}`);
      const negSlope = emit('Neg', [slope], `negslope:${slope}`);
      const derivative = emit('PRelu', [sign, negSlope], `dydx:${x}`);
      give(x, emit('Mul', [g, derivative], `d:${x}`));
      const negative = emit('Min', [x, 'zero'], `neg:${x}`);
      const prod = emit('Mul', [g, negative], `dyneg:${x}`);
      const summed = emit('ReduceSum', [prod, 'ax023'], `sum:${slope}`, [{ name: 'keepdims', int: 0 }]);
      paramGrad(slope, 'Reshape', [summed, c(`shape:${slope}`, inits.get(slope)?.dims ?? [])]);
    } else if (node.op === 'Conv') {
      convBackward(node, convInfo.get(node)!, g);
    }
  }

  function convBackward(node: OnnxNode, info: ConvInfo, g: string): void {
    const [x, w, b] = node.inputs as [string, string, string | undefined];
    if (b !== undefined) paramGrad(b, 'ReduceSum', [g, 'ax023'], [{ name: 'keepdims', int: 0 }]);
    const { k, stride, pad, group, cout, inSide, outSide } = info;
    const wDims = inits.get(w)?.dims ?? [];
    const needInput = x !== TRAIN_INPUT;
    if (group > 1 && k === inSide && pad === 0 && outSide === 1) {
      // Global depthwise: z[n,c] = Σ x[n,c,h,w] W[c,h,w].
      const prod = emit('Mul', [x, g], `gdc:${w}`);
      const sum = emit('ReduceSum', [prod, 'ax0'], `gdcsum:${w}`, [{ name: 'keepdims', int: 0 }]);
      paramGrad(w, 'Reshape', [sum, c(`shape:${w}`, wDims)]);
      if (needInput) {
        const wRow = emit('Reshape', [w, c(`row:${w}`, [1, cout, k, k])], `wrow:${w}`);
        give(x, emit('Mul', [g, wRow], `d:${x}`));
      }
      return;
    }
    if (group === 1 && k === 1 && stride === 1 && pad === 0) {
      const cin = info.cinPerGroup;
      const xr = emit('Reshape', [x, c(`r3:${x}`, [0, cin, -1])], `xr:${x}`);
      const xt = emit('Transpose', [xr], `xt:${x}`, [{ name: 'perm', ints: [0, 2, 1] }]);
      const gr = emit('Reshape', [g, c(`r3:${g}`, [0, cout, -1])], `gr:${w}`);
      const mm = emit('MatMul', [gr, xt], `mm:${w}`);
      const sum = emit('ReduceSum', [mm, 'ax0'], `mmsum:${w}`, [{ name: 'keepdims', int: 0 }]);
      paramGrad(w, 'Reshape', [sum, c(`shape:${w}`, wDims)]);
      if (needInput) {
        const wt = emit('Transpose', [w], `wt:${w}`, [{ name: 'perm', ints: [1, 0, 2, 3] }]);
        give(x, emit('Conv', [g, wt], `d:${x}`, [{ name: 'kernel_shape', ints: [1, 1] }]));
      }
      return;
    }
    // dW correlates the input with dz over the batch: a convolution whose "channels" are the samples
    // and whose kernel is dz dilated by the stride (depthwise: one group per channel).
    const xt = emit('Transpose', [x], `xt:${x}`, [{ name: 'perm', ints: [1, 0, 2, 3] }]);
    const xin = group === 1 ? xt : emit('Reshape', [xt, c(`r4:${inSide}`, [1, -1, inSide, inSide])], `xr:${x}`);
    const gt = emit('Transpose', [g], `gt:${w}`, [{ name: 'perm', ints: [1, 0, 2, 3] }]);
    const full = emit('Conv', [xin, gt], `dwfull:${w}`, [
      { name: 'kernel_shape', ints: [outSide, outSide] },
      { name: 'pads', ints: [pad, pad, pad, pad] },
      { name: 'dilations', ints: [stride, stride] },
      { name: 'group', int: group },
    ]);
    // With an even input and stride 2 the correlation has one row and column past the kernel.
    const side = inSide + 2 * pad - stride * (outSide - 1);
    const taps = side === k ? full : emit('Slice', [full, c('start:0,0', [0, 0]), c(`end:${k},${k}`, [k, k]), 'ax23'], `dwtaps:${w}`);
    // Full convolution: [cin, cout, k, k] -> [cout, cin, k, k]; depthwise: [1, C, k, k] -> [C, 1, k, k].
    const ordered = group === 1 ? emit('Transpose', [taps], `dwt:${w}`, [{ name: 'perm', ints: [1, 0, 2, 3] }]) : taps;
    paramGrad(w, 'Reshape', [ordered, c(`shape:${w}`, wDims)]);
    if (!needInput) return;
    if (group > 1 && stride === 1 && 2 * pad === k - 1) {
      const flipped = emit('Slice', [w, c('flipstart', [-1, -1]), c('flipend', [-(2 ** 31), -(2 ** 31)]), 'ax23', c('flipsteps', [-1, -1])], `wflip:${w}`);
      give(x, emit('Conv', [g, flipped], `d:${x}`, [{ name: 'kernel_shape', ints: [k, k] }, { name: 'pads', ints: [pad, pad, pad, pad] }, { name: 'group', int: group }]));
      return;
    }
    const outputPadding = inSide - ((outSide - 1) * stride - 2 * pad + k);
    if (outputPadding < 0 || outputPadding >= stride) throw new RangeError(`Conv ${node.outputs[0]}: no transposed convolution gives back side ${inSide}`);
    give(x, emit('ConvTranspose', [g, w], `d:${x}`, [
      { name: 'kernel_shape', ints: [k, k] },
      { name: 'strides', ints: [stride, stride] },
      { name: 'pads', ints: [pad, pad, pad, pad] },
      { name: 'output_padding', ints: [outputPadding, outputPadding] },
      { name: 'group', int: group },
    ]));
  }

  const missing = params.filter((p) => !nodes.some((n) => n.outputs[0] === gradName(p.name)));
  if (missing.length > 0) throw new RangeError(`no gradient reaches ${missing.map((p) => p.name).join(', ')}`);
  return {
    graph: finish(
      'train_step',
      [{ name: TRAIN_INPUT, dims: ['n', channels, side, side] }, { name: TRAIN_TARGET, dims: ['n', embeddingSize] }, { name: TRAIN_WEIGHT, dims: ['n'] }, ...weightInputs],
      [{ name: TRAIN_LOSS, dims: [] }, { name: TRAIN_EMBEDDING, dims: ['n', embeddingSize] }, ...params.map((p) => ({ name: gradName(p.name), dims: p.dims }))],
    ),
    params,
    embeddingSize,
  };
}

/**
 * The network as a file for one photo, with the weights given, that scales its own input first
 * ((x - mean) / std as Sub and Mul nodes): by InsightFace's rule a loader then feeds it raw pixels,
 * so it is fed exactly as it was trained.
 */
export function inferenceGraph(model: ReadModel, weights: ReadonlyMap<string, Float32Array>, shape: { side: number; channels: number; embeddingSize: number; mean: number; std: number }, name = 'student'): OnnxGraph {
  const input = model.inputs[0]!;
  const output = model.outputs[0]!;
  const scaled = `${input}:scaled`;
  const nodes: OnnxNode[] = [
    { op: 'Sub', inputs: [input, 'norm:mean'], outputs: [`${input}:centred`] },
    { op: 'Mul', inputs: [`${input}:centred`, 'norm:scale'], outputs: [scaled] },
    ...model.nodes.map((n) => ({ ...n, inputs: n.inputs.map((x) => (x === input ? scaled : x)) })),
  ];
  return {
    name,
    nodes,
    initializers: [
      { name: 'norm:mean', dims: [], data: new Float32Array([shape.mean]) },
      { name: 'norm:scale', dims: [], data: new Float32Array([1 / shape.std]) },
      ...model.initializers.map((t) => {
        const w = weights.get(t.name);
        return w === undefined ? t : { ...t, data: w };
      }),
    ],
    inputs: [{ name: input, dims: [1, shape.channels, shape.side, shape.side] }],
    outputs: [{ name: output, dims: [1, shape.embeddingSize] }],
  };
}
