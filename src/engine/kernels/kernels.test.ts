/**
 * Each kernel registered for the wasm backend against the cpu backend's own kernel, run through
 * `tf.engine()` on the same inputs, without switching the active backend.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getTf } from '../tf.js';

/** Largest allowed |wasm - cpu| relative to the largest |cpu| value: float32 sums of a few hundred terms. */
const RELATIVE_TOLERANCE = 1e-5;

interface Input { readonly values: Float32Array; readonly shape: number[] }

function random(shape: number[], seed: number): Input {
  let s = seed;
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Float32Array.from({ length: size }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 1073741824 - 1;
  });
  return { values, shape };
}

async function compare(kernelName: string, inputs: Record<string, Input>, attrs: Record<string, unknown>): Promise<void> {
  const tf = await getTf();
  const cpu = tf.engine().findBackend('cpu');
  assert.ok(cpu, 'the cpu backend is registered');
  const cpuInputs = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, { dataId: cpu.write(v.values, v.shape, 'float32'), shape: v.shape, dtype: 'float32' }]));
  const cpuKernel = tf.getKernel(kernelName, 'cpu');
  assert.ok(cpuKernel);
  const cpuOut = cpuKernel.kernelFunc({ inputs: cpuInputs as never, attrs: attrs as never, backend: cpu }) as { dataId: object; shape: number[] };
  const expected = cpu.readSync(cpuOut.dataId) as Float32Array;

  const before = tf.memory().numTensors;
  const wasmInputs = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, tf.tensor(v.values, v.shape)]));
  const out = tf.engine().runKernel(kernelName, wasmInputs as never, attrs as never) as ReturnType<typeof tf.tensor>;
  assert.deepEqual(out.shape, cpuOut.shape, `${kernelName} output shape`);
  const actual = out.dataSync();
  out.dispose();
  for (const t of Object.values(wasmInputs)) t.dispose();
  assert.equal(tf.memory().numTensors, before, `${kernelName} leaves no tensors behind`);
  for (const info of [...Object.values(cpuInputs), cpuOut]) cpu.disposeData(info.dataId);

  const scale = Math.max(1, ...Array.from(expected, Math.abs));
  let worst = 0;
  expected.forEach((e, i) => { worst = Math.max(worst, Math.abs(e - (actual[i] ?? NaN))); });
  assert.ok(worst / scale <= RELATIVE_TOLERANCE, `${kernelName} ${JSON.stringify(attrs)}: max error ${worst} against scale ${scale}`);
}

const convCases = [
  { x: [2, 7, 6, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { x: [1, 8, 8, 5], filter: [3, 3, 5, 2], strides: 1, pad: 'valid' },
  { x: [2, 9, 7, 3], filter: [3, 2, 3, 4], strides: 2, pad: 'same' },
  { x: [1, 9, 9, 2], filter: [3, 3, 2, 3], strides: [2, 1], pad: 'valid' },
] as const;

test('Conv2DBackpropFilter (missing from tfjs-backend-wasm) matches the cpu backend', async () => {
  const tf = await getTf();
  for (const [i, c] of convCases.entries()) {
    const info = tf.backend_util.computeConv2DInfo(c.x as never, c.filter as never, c.strides as never, 1, c.pad);
    await compare(
      'Conv2DBackpropFilter',
      { x: random([...c.x], 1 + i), dy: random([...info.outShape], 100 + i) },
      { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter },
    );
  }
});

test('Conv2DBackpropInput (stride-1 fast path and the original for other strides) matches the cpu backend', async () => {
  const tf = await getTf();
  for (const [i, c] of convCases.entries()) {
    const info = tf.backend_util.computeConv2DInfo(c.x as never, c.filter as never, c.strides as never, 1, c.pad);
    await compare(
      'Conv2DBackpropInput',
      { dy: random([...info.outShape], 200 + i), filter: random([...c.filter], 300 + i) },
      { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x },
    );
  }
});

test('BatchMatMul with transposes done explicitly matches the cpu backend', async () => {
  for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]]) {
    const a = transposeA ? [2, 5, 3] : [2, 3, 5];
    const b = transposeB ? [2, 4, 5] : [2, 5, 4];
    await compare('BatchMatMul', { a: random(a, 7), b: random(b, 8) }, { transposeA, transposeB });
  }
});

test('_FusedMatMul with a transpose and a bias matches the cpu backend', async () => {
  for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true]]) {
    const a = transposeA ? [1, 6, 3] : [1, 3, 6];
    const b = transposeB ? [1, 4, 6] : [1, 6, 4];
    await compare('_FusedMatMul', { a: random(a, 9), b: random(b, 10), bias: random([4], 11) }, { transposeA, transposeB, activation: 'relu' });
  }
});

test('a convolution trains on wasm: gradients exist and no tensor leaks', async () => {
  const tf = await getTf();
  const x = tf.randomNormal([2, 6, 6, 3]);
  const w = tf.variable(tf.randomNormal([3, 3, 3, 4]));
  const before = tf.memory().numTensors;
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(tf.conv2d(x as never, w as never, 1, 'same'))) as never, [w]);
  const g = grads[w.name];
  assert.deepEqual(g?.shape, [3, 3, 3, 4]);
  value.dispose();
  g?.dispose();
  assert.equal(tf.memory().numTensors, before);
  x.dispose();
  w.dispose();
});
