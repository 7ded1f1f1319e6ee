import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { createRng } from '../../data/random.js';
import { getTf } from '../tf.js';
import type { OnnxNode, OnnxTensor } from './protobuf.js';
import { encodeModel } from './protobuf.js';
import type { ReadModel } from './read-model.js';
import { TRAIN_EMBEDDING, TRAIN_LOSS, buildTrainGraph, gradName } from './train-graph.js';

/**
 * |onnxruntime - tfjs cpu autodiff| relative to the largest gradient of each parameter: both are
 * float32 with sums in other orders through ten layers.
 */
const RELATIVE_TOLERANCE = 2e-3;

const conv = (x: string, w: string, y: string, k: number, stride: number, pad: number, group = 1): OnnxNode => ({
  op: 'Conv',
  inputs: [x, w, `${w}_b`],
  outputs: [y],
  attributes: [{ name: 'kernel_shape', ints: [k, k] }, { name: 'strides', ints: [stride, stride] }, { name: 'pads', ints: [pad, pad, pad, pad] }, { name: 'group', int: group }, { name: 'dilations', ints: [1, 1] }],
});
const prelu = (x: string, a: string, y: string): OnnxNode => ({ op: 'PRelu', inputs: [x, a], outputs: [y] });

/** A MobileFaceNet in miniature (input 3x28x28): every layer kind of fr_feature.onnx, a residual, the [1, -1] flatten. */
function tinyNet(seed: number): ReadModel {
  const rng = createRng(seed);
  const initializers: OnnxTensor[] = [];
  const weight = (name: string, dims: number[], scale: number): void => {
    const n = dims.reduce((a, b) => a * b, 1);
    initializers.push({ name, dims, data: Float32Array.from({ length: n }, () => (rng() * 2 - 1) * scale) });
  };
  const convW = (name: string, cout: number, cin: number, k: number): void => {
    weight(name, [cout, cin, k, k], Math.sqrt(3 / (cin * k * k)));
    weight(`${name}_b`, [cout], 0.1);
  };
  const slope = (name: string, c: number): void => {
    initializers.push({ name, dims: [c, 1, 1], data: Float32Array.from({ length: c }, () => 0.1 + rng() * 0.3) });
  };
  convW('c1', 8, 3, 3);
  slope('a1', 8);
  convW('dw1', 8, 1, 3);
  slope('a2', 8);
  convW('pw1', 16, 8, 1);
  slope('a3', 16);
  convW('dw2', 16, 1, 3);
  slope('a4', 16);
  convW('pw2', 8, 16, 1);
  convW('pw3', 16, 8, 1);
  slope('a5', 16);
  convW('dw3', 16, 1, 3);
  slope('a6', 16);
  convW('pw4', 8, 16, 1);
  convW('pw5', 16, 8, 1);
  slope('a7', 16);
  convW('gdc', 16, 1, 7);
  convW('pw6', 12, 16, 1);
  initializers.push({ name: 'flatten', dims: [2], data: BigInt64Array.from([1n, -1n]) });
  const nodes: OnnxNode[] = [
    conv('input', 'c1', 'z1', 3, 2, 1),
    prelu('z1', 'a1', 'h1'),
    conv('h1', 'dw1', 'z2', 3, 1, 1, 8),
    prelu('z2', 'a2', 'h2'),
    conv('h2', 'pw1', 'z3', 1, 1, 0),
    prelu('z3', 'a3', 'h3'),
    conv('h3', 'dw2', 'z4', 3, 2, 1, 16),
    prelu('z4', 'a4', 'h4'),
    conv('h4', 'pw2', 'r0', 1, 1, 0),
    conv('r0', 'pw3', 'z5', 1, 1, 0),
    prelu('z5', 'a5', 'h5'),
    conv('h5', 'dw3', 'z6', 3, 1, 1, 16),
    prelu('z6', 'a6', 'h6'),
    conv('h6', 'pw4', 'r1', 1, 1, 0),
    { op: 'Add', inputs: ['r0', 'r1'], outputs: ['r2'] },
    conv('r2', 'pw5', 'z7', 1, 1, 0),
    prelu('z7', 'a7', 'h7'),
    conv('h7', 'gdc', 'z8', 7, 1, 0, 16),
    conv('z8', 'pw6', 'z9', 1, 1, 0),
    { op: 'Reshape', inputs: ['z9', 'flatten'], outputs: ['output'] },
  ];
  return { nodes, initializers, inputs: ['input'], outputs: ['output'] };
}

test('the training graph gives tfjs cpu autodiff\'s loss and gradients on a miniature MobileFaceNet', async () => {
  const tf = await getTf('cpu');
  const model = tinyNet(7);
  const { graph, params } = buildTrainGraph(model, 28, 3);
  const n = 3;
  const rng = createRng(11);
  const x = Float32Array.from({ length: n * 3 * 28 * 28 }, () => rng() * 2 - 1);
  const t = Float32Array.from({ length: n * 12 }, () => rng() * 2 - 1);
  for (let i = 0; i < n; i++) {
    const row = t.subarray(12 * i, 12 * i + 12);
    const norm = Math.hypot(...row);
    row.forEach((v, j) => (row[j] = v / norm));
  }
  const w = Float32Array.from([0.5, 0.3, 0.2]);
  const weights = new Map(model.initializers.filter((p) => p.data instanceof Float32Array).map((p) => [p.name, p]));

  // onnxruntime
  const session = await ort.InferenceSession.create(encodeModel(graph), { intraOpNumThreads: 1 });
  const feeds: Record<string, ort.Tensor> = {
    x: new ort.Tensor('float32', x, [n, 3, 28, 28]),
    t: new ort.Tensor('float32', t, [n, 12]),
    w: new ort.Tensor('float32', w, [n]),
  };
  for (const p of params) feeds[p.name] = new ort.Tensor('float32', weights.get(p.name)!.data as Float32Array, [...p.dims]);
  const got = await session.run(feeds);
  await session.release();

  // tfjs cpu, NHWC, the same network written with tfjs ops.
  const vars = new Map([...weights].map(([name, p]) => [name, tf.variable(tf.tensor(p.data as Float32Array, [...p.dims]), true, name)]));
  const v = (name: string) => vars.get(name)!;
  const forward = () => {
    const layer = (h: ReturnType<typeof tf.tensor4d>, name: string, stride: number, pad: number, depthwise: boolean): ReturnType<typeof tf.tensor4d> => {
      const padding: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [pad, pad], [pad, pad], [0, 0]];
      const kernel = depthwise ? tf.transpose(v(name), [2, 3, 0, 1]) : tf.transpose(v(name), [2, 3, 1, 0]);
      const z = depthwise ? tf.depthwiseConv2d(h, kernel as ReturnType<typeof tf.tensor4d>, stride, padding) : tf.conv2d(h, kernel as ReturnType<typeof tf.tensor4d>, stride, padding);
      return tf.add(z, v(`${name}_b`));
    };
    const act = (h: ReturnType<typeof tf.tensor4d>, a: string) => tf.prelu(h, tf.reshape(v(a), [1, 1, 1, -1]) as ReturnType<typeof tf.tensor4d>);
    const input = tf.transpose(tf.tensor4d(x, [n, 3, 28, 28]), [0, 2, 3, 1]);
    let h = act(layer(input, 'c1', 2, 1, false), 'a1');
    h = act(layer(h, 'dw1', 1, 1, true), 'a2');
    h = act(layer(h, 'pw1', 1, 0, false), 'a3');
    h = act(layer(h, 'dw2', 2, 1, true), 'a4');
    const r0 = layer(h, 'pw2', 1, 0, false);
    h = act(layer(r0, 'pw3', 1, 0, false), 'a5');
    h = act(layer(h, 'dw3', 1, 1, true), 'a6');
    const r2 = tf.add(r0, layer(h, 'pw4', 1, 0, false)) as ReturnType<typeof tf.tensor4d>;
    h = act(layer(r2, 'pw5', 1, 0, false), 'a7');
    const s = tf.reshape(layer(layer(h, 'gdc', 1, 0, true), 'pw6', 1, 0, false), [n, 12]);
    const cos = tf.div(tf.sum(tf.mul(s, tf.tensor2d(t, [n, 12])), 1), tf.norm(s, 2, 1));
    return { s, loss: tf.sum(tf.mul(tf.sub(1, cos), tf.tensor1d(w))) as ReturnType<typeof tf.scalar> };
  };
  const { value, grads } = tf.variableGrads(() => forward().loss, [...vars.values()]);

  assert.ok(Math.abs((got[TRAIN_LOSS]!.data as Float32Array)[0]! - value.dataSync()[0]!) < 1e-5, 'loss');
  const embedding = tf.tidy(() => forward().s.dataSync());
  const gotEmbedding = got[TRAIN_EMBEDDING]!.data as Float32Array;
  embedding.forEach((e, i) => assert.ok(Math.abs(e - gotEmbedding[i]!) < 1e-4, `embedding ${i}`));
  for (const p of params) {
    const want = grads[p.name]!.dataSync();
    const have = got[gradName(p.name)]!.data as Float32Array;
    assert.equal(have.length, want.length, p.name);
    const scale = Math.max(1e-6, ...Array.from(want, Math.abs));
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i]! - have[i]!));
    assert.ok(worst / scale <= RELATIVE_TOLERANCE, `gradient of ${p.name}: max error ${worst} against ${scale}`);
  }
  for (const x of [...vars.values(), value, ...Object.values(grads)]) x.dispose();
});
