/**
 * Reads an ONNX model (onnx.proto3 ModelProto) without a protobuf library: nodes with their
 * attributes, float32 initializers, and the graph's input and output names. Enough to rebuild a
 * graph (the distillation trainer turns a vendored network into training graphs) and to inspect one
 * (`firstOpTypes`). Fields it does not need are skipped by their length.
 */
import type { Attribute, OnnxNode, OnnxTensor } from './protobuf.js';

const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
const NODE_INPUT = 1;
const NODE_OUTPUT = 2;
const NODE_OP_TYPE = 4;
const NODE_ATTRIBUTE = 5;
const ATTR_NAME = 1;
const ATTR_FLOAT = 2;
const ATTR_INT = 3;
const ATTR_FLOATS = 7;
const ATTR_INTS = 8;
const ATTR_TYPE = 20;
const ATTRIBUTE_TYPE_FLOAT = 1;
const ATTRIBUTE_TYPE_INT = 2;
const ATTRIBUTE_TYPE_INTS = 7;
const TENSOR_DIMS = 1;
const TENSOR_DATA_TYPE = 2;
const TENSOR_FLOAT_DATA = 4;
const TENSOR_INT64_DATA = 7;
const TENSOR_NAME = 8;
const TENSOR_RAW_DATA = 9;
const FLOAT = 1;
const INT64 = 7;

interface Field {
  readonly number: number;
  readonly wire: number;
  /** Value of a varint field. */
  readonly value?: number;
  /** Bytes of a length-delimited or fixed-width field. */
  readonly bytes?: Uint8Array;
}

function readVarint(buf: Uint8Array, at: { pos: number }): number {
  let result = 0;
  let shift = 1;
  for (;;) {
    if (at.pos >= buf.length) throw new RangeError('truncated varint');
    const byte = buf[at.pos++]!;
    result += (byte & 0x7f) * shift;
    if ((byte & 0x80) === 0) return result;
    shift *= 128;
  }
}

/** Varint as a signed 64-bit number (int64 fields: negative values are ten bytes). */
function signed(value: number): number {
  return value >= 2 ** 63 ? value - 2 ** 64 : value;
}

function* fields(buf: Uint8Array): Generator<Field> {
  const at = { pos: 0 };
  while (at.pos < buf.length) {
    const key = readVarint(buf, at);
    const wire = key % 8;
    const number = Math.floor(key / 8);
    if (wire === 0) {
      yield { number, wire, value: readVarint(buf, at) };
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (at.pos + size > buf.length) throw new RangeError('truncated field');
      yield { number, wire, bytes: buf.subarray(at.pos, at.pos + size) };
      at.pos += size;
    } else if (wire === 2) {
      const length = readVarint(buf, at);
      if (at.pos + length > buf.length) throw new RangeError('truncated field');
      yield { number, wire, bytes: buf.subarray(at.pos, at.pos + length) };
      at.pos += length;
    } else throw new RangeError(`unsupported wire type ${wire}`);
  }
}

/** Packed or unpacked repeated varints. */
function varints(f: Field): number[] {
  if (f.value !== undefined) return [signed(f.value)];
  const out: number[] = [];
  const buf = f.bytes ?? new Uint8Array();
  const at = { pos: 0 };
  while (at.pos < buf.length) out.push(signed(readVarint(buf, at)));
  return out;
}

function floats(f: Field): number[] {
  const b = f.bytes ?? new Uint8Array();
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return Array.from({ length: b.byteLength / 4 }, (_, i) => view.getFloat32(4 * i, true));
}

const decoder = new TextDecoder();
const text = (f: Field): string => decoder.decode(f.bytes);

function readAttribute(buf: Uint8Array): Attribute | undefined {
  let name = '';
  let type = 0;
  let int: number | undefined;
  let float: number | undefined;
  const ints: number[] = [];
  const floatList: number[] = [];
  for (const f of fields(buf)) {
    if (f.number === ATTR_NAME) name = text(f);
    else if (f.number === ATTR_TYPE) type = f.value ?? 0;
    else if (f.number === ATTR_INT) int = signed(f.value ?? 0);
    else if (f.number === ATTR_FLOAT) float = floats(f)[0];
    else if (f.number === ATTR_INTS) ints.push(...varints(f));
    else if (f.number === ATTR_FLOATS) floatList.push(...floats(f));
  }
  if (type === ATTRIBUTE_TYPE_INT || (type === 0 && int !== undefined)) return { name, int: int ?? 0 };
  if (type === ATTRIBUTE_TYPE_INTS) return { name, ints };
  if (type === ATTRIBUTE_TYPE_FLOAT) return { name, float: float ?? 0 };
  return undefined;
}

function readNode(buf: Uint8Array): OnnxNode {
  const inputs: string[] = [];
  const outputs: string[] = [];
  const attributes: Attribute[] = [];
  let op = '';
  for (const f of fields(buf)) {
    if (f.number === NODE_INPUT) inputs.push(text(f));
    else if (f.number === NODE_OUTPUT) outputs.push(text(f));
    else if (f.number === NODE_OP_TYPE) op = text(f);
    else if (f.number === NODE_ATTRIBUTE && f.bytes !== undefined) {
      const a = readAttribute(f.bytes);
      if (a !== undefined) attributes.push(a);
    }
  }
  return { op, inputs, outputs, attributes };
}

function readTensor(buf: Uint8Array): OnnxTensor {
  const dims: number[] = [];
  let name = '';
  let type = 0;
  let raw: Uint8Array | undefined;
  const floatData: number[] = [];
  const int64Data: number[] = [];
  for (const f of fields(buf)) {
    if (f.number === TENSOR_DIMS) dims.push(...varints(f));
    else if (f.number === TENSOR_DATA_TYPE) type = f.value ?? 0;
    else if (f.number === TENSOR_NAME) name = text(f);
    else if (f.number === TENSOR_RAW_DATA) raw = f.bytes;
    else if (f.number === TENSOR_FLOAT_DATA) floatData.push(...floats(f));
    else if (f.number === TENSOR_INT64_DATA) int64Data.push(...varints(f));
  }
  if (type === FLOAT) {
    const data = raw !== undefined ? new Float32Array(new Uint8Array(raw).buffer) : Float32Array.from(floatData);
    return { name, dims, data };
  }
  if (type === INT64) {
    const data = raw !== undefined ? new BigInt64Array(new Uint8Array(raw).buffer) : BigInt64Array.from(int64Data, (v) => BigInt(v));
    return { name, dims, data };
  }
  throw new RangeError(`initializer ${name} has data type ${type}; only float32 and int64 are read`);
}

export interface ReadModel {
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  /** Names of the graph's inputs that are not initializers, in order. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

function graphBytes(model: Uint8Array): Uint8Array {
  for (const f of fields(model)) if (f.number === MODEL_GRAPH && f.bytes !== undefined) return f.bytes;
  throw new RangeError('no graph in the file');
}

const valueName = (buf: Uint8Array): string => {
  for (const f of fields(buf)) if (f.number === 1) return text(f);
  return '';
};

/** The whole graph; throws a RangeError on a file that is not ONNX or holds tensors of other types. */
export function readModel(model: Uint8Array): ReadModel {
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  const inputs: string[] = [];
  const outputs: string[] = [];
  for (const f of fields(graphBytes(model))) {
    if (f.bytes === undefined) continue;
    if (f.number === GRAPH_NODE) nodes.push(readNode(f.bytes));
    else if (f.number === GRAPH_INITIALIZER) initializers.push(readTensor(f.bytes));
    else if (f.number === GRAPH_INPUT) inputs.push(valueName(f.bytes));
    else if (f.number === GRAPH_OUTPUT) outputs.push(valueName(f.bytes));
  }
  const weights = new Set(initializers.map((t) => t.name));
  return { nodes, initializers, inputs: inputs.filter((n) => !weights.has(n)), outputs };
}

/** The `op_type` of the graph's first `count` nodes, in order, without decoding weights. */
export function firstOpTypes(model: Uint8Array, count: number): string[] {
  const ops: string[] = [];
  for (const f of fields(graphBytes(model))) {
    if (f.number !== GRAPH_NODE || f.bytes === undefined) continue;
    for (const g of fields(f.bytes)) if (g.number === NODE_OP_TYPE) ops.push(text(g));
    if (ops.length >= count) return ops;
  }
  return ops;
}
