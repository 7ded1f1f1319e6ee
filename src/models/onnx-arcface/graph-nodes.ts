/**
 * Reads the operator types of the first nodes of an ONNX graph, without a protobuf library: an
 * ONNX file is a ModelProto whose field 7 is the GraphProto, whose repeated field 1 is NodeProto,
 * whose field 4 is `op_type` (onnx.proto3). Only what `normalizationFromGraph` needs is decoded;
 * every other field (the weights included) is skipped by its length.
 */

const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const NODE_OP_TYPE = 4;

interface Field {
  readonly number: number;
  readonly wire: number;
  /** Bytes of a length-delimited field. */
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

function* fields(buf: Uint8Array): Generator<Field> {
  const at = { pos: 0 };
  while (at.pos < buf.length) {
    const key = readVarint(buf, at);
    const wire = key % 8;
    const number = Math.floor(key / 8);
    if (wire === 0) readVarint(buf, at);
    else if (wire === 1) at.pos += 8;
    else if (wire === 5) at.pos += 4;
    else if (wire === 2) {
      const length = readVarint(buf, at);
      if (at.pos + length > buf.length) throw new RangeError('truncated field');
      yield { number, wire, bytes: buf.subarray(at.pos, at.pos + length) };
      at.pos += length;
      continue;
    } else throw new RangeError(`unsupported wire type ${wire}`);
    yield { number, wire };
  }
}

/** The `op_type` of the graph's first `count` nodes, in order; throws a RangeError on a file that is not ONNX. */
export function firstOpTypes(model: Uint8Array, count: number): string[] {
  const decoder = new TextDecoder();
  for (const f of fields(model)) {
    if (f.number !== MODEL_GRAPH || f.bytes === undefined) continue;
    const ops: string[] = [];
    for (const node of fields(f.bytes)) {
      if (node.number !== GRAPH_NODE || node.bytes === undefined) continue;
      for (const attr of fields(node.bytes)) if (attr.number === NODE_OP_TYPE && attr.bytes !== undefined) ops.push(decoder.decode(attr.bytes));
      if (ops.length >= count) return ops;
    }
    return ops;
  }
  throw new RangeError('no graph in the file');
}
