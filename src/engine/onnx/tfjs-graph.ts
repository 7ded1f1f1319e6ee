/**
 * A TensorFlow.js graph model (model.json + weight shards) rewritten as an ONNX graph, so that
 * onnxruntime-node runs it (about 7x faster than tfjs-wasm on conv stacks on the 2-core machine,
 * issue 25). Only the operators of a Keras MobileNet are known: Conv2D, DepthwiseConv2dNative,
 * batch-norm Mul/Add, ReLU6 written as Relu + Minimum + Maximum, Mean, and the dense heads
 * (_FusedMatMul with BiasAdd/Relu, Sigmoid, Softmax); any other operator is refused by name.
 * TensorFlow's NHWC becomes ONNX's NCHW: the graph's input is [n, C, H, W], kernels are transposed,
 * per-channel constants reshaped to [C, 1, 1], and 'SAME' padding made explicit (TensorFlow puts
 * the odd pixel after, as ONNX's SAME_UPPER).
 */
import type { OnnxGraph, OnnxNode, OnnxTensor } from './protobuf.js';

/** One weight of a `weightsManifest` (tfjs-converter's format). */
export interface TfjsWeightEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly quantization?: { readonly dtype: string; readonly scale?: number; readonly min?: number };
}

export interface TfjsNode {
  readonly name: string;
  readonly op: string;
  readonly input?: readonly string[];
  readonly attr?: Readonly<Record<string, TfjsAttr>>;
}

interface TfjsAttr {
  readonly s?: string;
  readonly b?: boolean;
  readonly list?: { readonly i?: readonly string[]; readonly s?: readonly string[] };
  readonly shape?: { readonly dim?: ReadonlyArray<{ readonly size: string }> };
}

export interface TfjsGraphModel {
  readonly modelTopology: { readonly node: readonly TfjsNode[] };
  readonly weightsManifest: ReadonlyArray<{ readonly paths: readonly string[]; readonly weights: readonly TfjsWeightEntry[] }>;
}

interface ConstValue {
  readonly shape: readonly number[];
  readonly values: Float32Array | Int32Array;
}

/** IEEE 754 half -> single precision (exact). */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Every half-precision value as float32 (faceres has 3.2 M float16 weights; a lookup is ~10x faster than the arithmetic). */
const HALF_TO_FLOAT = Float32Array.from({ length: 65536 }, (_, h) => halfToFloat(h));

const BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, float16: 2, uint16: 2, uint8: 1 };

/** The weights of a manifest from the concatenated shards, dequantised as tfjs dequantises them (float16, or uint8/uint16 x scale + min). */
export function decodeTfjsWeights(entries: readonly TfjsWeightEntry[], data: Uint8Array): Map<string, ConstValue> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out = new Map<string, ConstValue>();
  let offset = 0;
  for (const e of entries) {
    const size = e.shape.reduce((a, b) => a * b, 1);
    const stored = e.quantization?.dtype ?? e.dtype;
    const bytes = BYTES[stored];
    if (bytes === undefined || (e.dtype !== 'float32' && e.dtype !== 'int32')) throw new RangeError(`weight ${e.name}: dtype ${e.dtype} stored as ${stored} is not supported`);
    if (offset + size * bytes > data.byteLength) throw new RangeError(`weight ${e.name}: the shards end at byte ${data.byteLength}, it needs ${offset + size * bytes}`);
    const values = e.dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
    const { scale = 1, min = 0 } = e.quantization ?? {};
    if (stored === 'float16' && (data.byteOffset + offset) % 2 === 0) {
      // The common case (every shard tfjs-converter writes with --quantize_float16), read as a typed array: 3x faster than a DataView per value.
      const halfs = new Uint16Array(data.buffer, data.byteOffset + offset, size);
      for (let i = 0; i < size; i++) values[i] = HALF_TO_FLOAT[halfs[i]!]!;
      out.set(e.name, { shape: e.shape, values });
      offset += size * bytes;
      continue;
    }
    for (let i = 0; i < size; i++) {
      const at = offset + i * bytes;
      if (stored === 'float32') values[i] = view.getFloat32(at, true);
      else if (stored === 'int32') values[i] = view.getInt32(at, true);
      else if (stored === 'float16') values[i] = HALF_TO_FLOAT[view.getUint16(at, true)]!;
      else values[i] = (stored === 'uint8' ? view.getUint8(at) : view.getUint16(at, true)) * scale + min;
    }
    out.set(e.name, { shape: e.shape, values });
    offset += size * bytes;
  }
  return out;
}

/** A value flowing through the ONNX graph: rank 4 (NCHW, square side) or rank 2 ([n, features]). */
interface Flow {
  readonly onnx: string;
  readonly rank: 2 | 4;
  readonly channels: number;
  readonly side: number;
}

const decode = (s: string | undefined): string => (s === undefined ? '' : Buffer.from(s, 'base64').toString('utf8'));
const ints = (a: TfjsAttr | undefined): number[] => (a?.list?.i ?? []).map(Number);
/** A node input without its output index (`name:0`) and control edges (`^name`) are dropped by the caller. */
const inputName = (s: string): string => s.replace(/:\d+$/, '');

function padsSame(side: number, kernel: number, stride: number): { pads: number[]; out: number } {
  const out = Math.ceil(side / stride);
  const total = Math.max((out - 1) * stride + kernel - side, 0);
  const before = Math.floor(total / 2);
  return { pads: [before, before, total - before, total - before], out };
}

/**
 * The ONNX graph computing `outputs` (node names) of a TF.js graph model, weights as initializers.
 * Only the nodes the outputs depend on are converted (faceres's age and gender heads are left out
 * when only its descriptor is asked for).
 */
export function tfjsGraphToOnnx(model: TfjsGraphModel, weightData: Uint8Array, outputs: readonly string[], name = 'tfjs_graph'): OnnxGraph {
  const nodes = new Map(model.modelTopology.node.map((n) => [n.name, n]));
  const weights = decodeTfjsWeights(model.weightsManifest.flatMap((g) => g.weights), weightData);
  const onnxNodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  const flows = new Map<string, Flow>();
  let input: Flow | undefined;
  const unsupported = (n: TfjsNode, what: string): never => {
    throw new RangeError(`node ${n.name} (${n.op}): ${what}`);
  };
  const constOf = (n: string): ConstValue | undefined => (nodes.get(n)?.op === 'Const' ? weights.get(n) : undefined);
  const addConst = (tensorName: string, dims: readonly number[], data: Float32Array): string => {
    const onnx = `${tensorName}__${initializers.length}`;
    initializers.push({ name: onnx, dims, data });
    return onnx;
  };

  const visit = (nodeName: string): Flow => {
    const done = flows.get(nodeName);
    if (done !== undefined) return done;
    const n = nodes.get(nodeName);
    if (n === undefined) throw new RangeError(`no node ${nodeName} in the graph`);
    const args = (n.input ?? []).filter((i) => !i.startsWith('^')).map(inputName);
    const flow = convert(n, args);
    flows.set(nodeName, flow);
    return flow;
  };

  const convert = (n: TfjsNode, args: string[]): Flow => {
    const out = n.name;
    const emit = (op: string, inputs: string[], attributes: OnnxNode['attributes'] = []): void => {
      onnxNodes.push({ op, inputs, outputs: [out], attributes });
    };
    const format = decode(n.attr?.['data_format']?.s);
    if (format !== '' && format !== 'NHWC') unsupported(n, `data format ${format}`);
    switch (n.op) {
      case 'Placeholder': {
        const dims = (n.attr?.['shape']?.shape?.dim ?? []).map((d) => Number(d.size));
        if (dims.length !== 4 || dims[1] !== dims[2] || !(dims[1]! > 0)) unsupported(n, `input shape [${dims.join(', ')}], expected [n, S, S, C]`);
        input = { onnx: out, rank: 4, side: dims[1]!, channels: dims[3]! };
        return input;
      }
      case 'Conv2D':
      case 'DepthwiseConv2dNative': {
        const x = visit(args[0]!);
        const k = constOf(args[1]!) ?? unsupported(n, 'its kernel is not a constant');
        const [kh, kw, cin, multiplier] = k.shape as [number, number, number, number];
        const [, sh = 1, sw = 1] = ints(n.attr?.['strides']);
        if (ints(n.attr?.['dilations']).some((d) => d !== 1)) unsupported(n, 'dilations other than 1');
        if (kh !== kw || sh !== sw || x.rank !== 4) unsupported(n, 'a non-square kernel or stride');
        const depthwise = n.op === 'DepthwiseConv2dNative';
        const cout = depthwise ? cin * multiplier : multiplier;
        // HWIO -> OIHW; depthwise [kh, kw, C, M] -> [C*M, 1, kh, kw] (output channel c*M + m).
        const w = new Float32Array(k.values.length);
        for (let h = 0; h < kh; h++) for (let v = 0; v < kw; v++) for (let i = 0; i < cin; i++) for (let o = 0; o < multiplier; o++) {
          const from = ((h * kw + v) * cin + i) * multiplier + o;
          const to = depthwise ? ((i * multiplier + o) * kh + h) * kw + v : ((o * cin + i) * kh + h) * kw + v;
          w[to] = k.values[from]!;
        }
        const padding = decode(n.attr?.['padding']?.s);
        const same = padsSame(x.side, kh, sh);
        const valid = { pads: [0, 0, 0, 0], out: Math.floor((x.side - kh) / sh) + 1 };
        if (padding !== 'SAME' && padding !== 'VALID') unsupported(n, `padding ${padding}`);
        const { pads, out: side } = padding === 'SAME' ? same : valid;
        const weight = addConst(args[1]!, depthwise ? [cout, 1, kh, kw] : [cout, cin, kh, kw], w);
        emit('Conv', [x.onnx, weight], [{ name: 'kernel_shape', ints: [kh, kw] }, { name: 'strides', ints: [sh, sw] }, { name: 'pads', ints: pads }, { name: 'group', int: depthwise ? cin : 1 }]);
        return { onnx: out, rank: 4, side, channels: cout };
      }
      case 'Add':
      case 'Mul':
      case 'Minimum':
      case 'Maximum': {
        const op = { Add: 'Add', Mul: 'Mul', Minimum: 'Min', Maximum: 'Max' }[n.op];
        const constant = args.findIndex((a) => constOf(a) !== undefined);
        if (constant < 0) {
          const [a, b] = args.map(visit) as [Flow, Flow];
          emit(op, [a.onnx, b.onnx]);
          return { ...a, onnx: out };
        }
        const x = visit(args[1 - constant]!);
        const c = constOf(args[constant]!)!;
        const size = c.values.length;
        if (c.shape.length > 1 || (size !== 1 && size !== x.channels)) unsupported(n, `a constant of shape [${c.shape.join(', ')}] on ${x.channels} channels`);
        // A per-channel vector broadcasts over NCHW's last two axes as [C, 1, 1]; a rank-2 value takes it as is.
        const dims = size === 1 ? [] : x.rank === 4 ? [size, 1, 1] : [size];
        const name = addConst(args[constant]!, dims, Float32Array.from(c.values));
        emit(op, constant === 0 ? [name, x.onnx] : [x.onnx, name]);
        return { ...x, onnx: out };
      }
      case 'Relu':
      case 'Sigmoid':
      case 'Softmax': {
        const x = visit(args[0]!);
        emit(n.op, [x.onnx]);
        return { ...x, onnx: out };
      }
      case 'Mean': {
        const x = visit(args[0]!);
        const axes = Array.from(constOf(args[1]!)?.values ?? []);
        const keep = n.attr?.['keep_dims']?.b === true;
        if (x.rank !== 4 || keep || axes.length !== 2 || !axes.includes(1) || !axes.includes(2)) unsupported(n, 'only a global spatial mean without keep_dims');
        emit('ReduceMean', [x.onnx], [{ name: 'axes', ints: [2, 3] }, { name: 'keepdims', int: 0 }]);
        return { onnx: out, rank: 2, side: 1, channels: x.channels };
      }
      case '_FusedMatMul': {
        const x = visit(args[0]!);
        const w = constOf(args[1]!);
        const b = constOf(args[2]!);
        const fused = (n.attr?.['fused_ops']?.list?.s ?? []).map(decode);
        if (x.rank !== 2 || w === undefined || b === undefined || n.attr?.['transpose_a']?.b === true || n.attr?.['transpose_b']?.b === true || fused[0] !== 'BiasAdd' || fused.length > 2 || (fused[1] ?? 'Relu') !== 'Relu') {
          unsupported(n, `a dense layer with fused ops ${fused.join('+')}`);
        }
        const [, units] = w!.shape as [number, number];
        const inputs = [x.onnx, addConst(args[1]!, w!.shape, Float32Array.from(w!.values)), addConst(args[2]!, b!.shape, Float32Array.from(b!.values))];
        if (fused[1] === 'Relu') {
          onnxNodes.push({ op: 'Gemm', inputs, outputs: [`${out}__gemm`] }, { op: 'Relu', inputs: [`${out}__gemm`], outputs: [out] });
        } else {
          emit('Gemm', inputs);
        }
        return { onnx: out, rank: 2, side: 1, channels: units };
      }
      default:
        return unsupported(n, 'operator not supported');
    }
  };

  const results = outputs.map(visit);
  if (input === undefined) throw new RangeError(`the outputs ${outputs.join(', ')} do not depend on the graph's input`);
  if (results.some((r) => r.rank !== 2)) throw new RangeError('only outputs of rank 2 ([n, features]) are supported');
  return {
    name,
    nodes: onnxNodes,
    initializers,
    inputs: [{ name: input.onnx, dims: ['n', input.channels, input.side, input.side] }],
    outputs: results.map((r) => ({ name: r.onnx, dims: ['n', r.channels] })),
  };
}
