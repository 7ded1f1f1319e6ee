import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type TfjsGraphModel, decodeTfjsWeights, tfjsGraphToOnnx } from './tfjs-graph.js';

/** Dequantised weights are exact for float16 and within float32 rounding for uint8 (value units). */
const DEQUANTISED_TOLERANCE = 1e-6;

test('weights stored as float16, uint8 (x scale + min) and int32 are read as tfjs dequantises them', () => {
  // float16 1, -2, 0.5, 65504 (largest), 2^-24 (smallest subnormal); uint8 0, 255 with scale 0.1, min -1; int32 1, 2.
  const bytes = new Uint8Array([0x00, 0x3c, 0x00, 0xc0, 0x00, 0x38, 0xff, 0x7b, 0x01, 0x00, 0, 255, 1, 0, 0, 0, 2, 0, 0, 0]);
  const weights = decodeTfjsWeights(
    [
      { name: 'h', shape: [5], dtype: 'float32', quantization: { dtype: 'float16' } },
      { name: 'q', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.1, min: -1 } },
      { name: 'i', shape: [2], dtype: 'int32' },
    ],
    bytes,
  );
  assert.deepEqual(Array.from(weights.get('h')!.values), [1, -2, 0.5, 65504, 2 ** -24]);
  const q = Array.from(weights.get('q')!.values);
  [-1, 24.5].forEach((v, i) => assert.ok(Math.abs(q[i]! - v) <= DEQUANTISED_TOLERANCE, `uint8 ${i}: ${q[i]}`));
  assert.deepEqual(Array.from(weights.get('i')!.values), [1, 2]);
  assert.throws(() => decodeTfjsWeights([{ name: 'long', shape: [20], dtype: 'float32' }], bytes), /long: the shards end at byte 20/);
});

const graph = (op: string): TfjsGraphModel => ({
  modelTopology: {
    node: [
      { name: 'input', op: 'Placeholder', attr: { shape: { shape: { dim: [{ size: '-1' }, { size: '4' }, { size: '4' }, { size: '3' }] } } } },
      { name: 'axes', op: 'Const' },
      { name: 'act', op, input: ['input'] },
      { name: 'pool', op: 'Mean', input: ['act', 'axes'] },
    ],
  },
  weightsManifest: [{ paths: [], weights: [{ name: 'axes', shape: [2], dtype: 'int32' }] }],
});

test('a graph is converted up to the outputs asked for, and an unknown operator is refused by node and name', () => {
  const axes = new Uint8Array([1, 0, 0, 0, 2, 0, 0, 0]);
  const onnx = tfjsGraphToOnnx(graph('Relu'), axes, ['pool']);
  assert.deepEqual(onnx.nodes.map((n) => n.op), ['Relu', 'ReduceMean']);
  assert.deepEqual(onnx.inputs, [{ name: 'input', dims: ['n', 3, 4, 4] }]);
  assert.deepEqual(onnx.outputs, [{ name: 'pool', dims: ['n', 3] }]);
  assert.throws(() => tfjsGraphToOnnx(graph('Tanh'), axes, ['pool']), /node act \(Tanh\): operator not supported/);
});
