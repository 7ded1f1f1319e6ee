/**
 * The few ONNX protobuf messages a generated graph needs (onnx.proto3: ModelProto, GraphProto,
 * NodeProto, AttributeProto, TensorProto, ValueInfoProto), encoded by hand: protobuf's wire format is
 * varints and length-delimited fields, and a full protobuf library would be a new dependency.
 */

class Writer {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  private push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.length += bytes.length;
  }

  varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    const out: number[] = [];
    while (v >= 0x80n) {
      out.push(Number((v & 0x7fn) | 0x80n));
      v >>= 7n;
    }
    out.push(Number(v));
    this.push(Uint8Array.from(out));
  }

  tag(field: number, wire: 0 | 2 | 5): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, value: number): void {
    this.tag(field, 0);
    this.varint(value);
  }

  float(field: number, value: number): void {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.push(b);
  }

  bytes(field: number, value: Uint8Array): void {
    this.tag(field, 2);
    this.varint(value.length);
    this.push(value);
  }

  string(field: number, value: string): void {
    this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: Writer) => void): void {
    const inner = new Writer();
    build(inner);
    this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const p of this.parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  }
}

export type Attribute = { readonly name: string } & ({ readonly int: number } | { readonly ints: readonly number[] } | { readonly float: number });

/** An int64 constant for the inputs newer opsets take as tensors (axes, pads, starts, shapes). */
export const int64 = (name: string, values: readonly number[]): OnnxTensor => ({ name, dims: [values.length], data: BigInt64Array.from(values, (v) => BigInt(v)) });

export interface OnnxNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: readonly Attribute[];
}

export interface OnnxTensor {
  readonly name: string;
  readonly dims: readonly number[];
  /** float32 weights, or int64 constants (axes, pads, shapes). */
  readonly data: Float32Array | BigInt64Array;
}

/** A graph input or output: float32 with these dimensions (a string is a symbolic one, e.g. 'n'). */
export interface OnnxValue {
  readonly name: string;
  readonly dims: readonly (number | string)[];
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  readonly inputs: readonly OnnxValue[];
  readonly outputs: readonly OnnxValue[];
  /** Inputs and outputs of type int64 (MaxPool's indices). */
  readonly int64Inputs?: readonly OnnxValue[];
  readonly int64Outputs?: readonly OnnxValue[];
}

const FLOAT = 1;
const INT64 = 7;
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;
/** IR version 8 with opset 17: supported by onnxruntime 1.30. */
const IR_VERSION = 8;
const OPSET = 17;

function writeValue(w: Writer, field: number, v: OnnxValue, elemType = FLOAT): void {
  w.message(field, (vi) => {
    vi.string(1, v.name);
    vi.message(2, (type) =>
      type.message(1, (tensor) => {
        tensor.int(1, elemType);
        tensor.message(2, (shape) => {
          for (const d of v.dims) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
        });
      }),
    );
  });
}

/** Serialises a graph as an ONNX ModelProto. */
export function encodeModel(graph: OnnxGraph): Uint8Array {
  const w = new Writer();
  w.int(1, IR_VERSION);
  w.string(2, 'maskface');
  w.message(7, (g) => {
    graph.nodes.forEach((n, i) =>
      g.message(1, (node) => {
        for (const x of n.inputs) node.string(1, x);
        for (const y of n.outputs) node.string(2, y);
        node.string(3, `${n.op}_${i}`);
        node.string(4, n.op);
        for (const a of n.attributes ?? []) {
          node.message(5, (attr) => {
            attr.string(1, a.name);
            if ('int' in a) {
              attr.int(3, a.int);
              attr.int(20, ATTRIBUTE_INT);
            } else if ('ints' in a) {
              for (const v of a.ints) attr.int(8, v);
              attr.int(20, ATTRIBUTE_INTS);
            } else {
              attr.float(2, a.float);
              attr.int(20, ATTRIBUTE_FLOAT);
            }
          });
        }
      }),
    );
    g.string(2, graph.name);
    for (const t of graph.initializers) {
      g.message(5, (tensor) => {
        for (const d of t.dims) tensor.int(1, d);
        tensor.int(2, t.data instanceof BigInt64Array ? INT64 : FLOAT);
        tensor.string(8, t.name);
        tensor.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
      });
    }
    for (const v of graph.inputs) writeValue(g, 11, v);
    for (const v of graph.int64Inputs ?? []) writeValue(g, 11, v, INT64);
    for (const v of graph.outputs) writeValue(g, 12, v);
    for (const v of graph.int64Outputs ?? []) writeValue(g, 12, v, INT64);
  });
  w.message(8, (opset) => {
    opset.string(1, '');
    opset.int(2, OPSET);
  });
  return w.finish();
}
