import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getTf } from '../engine/tf.js';
import { cosfaceLoss, trainCosfaceHead } from './cosface-head.js';
import { dot } from './vectors.js';

/** Float32 rounding on a loss and gradients of order 1, in nats (and nats per unit of input). */
const LOSS_TOLERANCE = 1e-5;

/**
 * Hand-computed 2-class example: embedding (3, 4) (unit: (0.6, 0.8)), class vectors (1, 0) and
 * (0, 2) (unit: (1, 0), (0, 1)), true class 0, s = 2, m = 0.5. Cosines (0.6, 0.8); logits
 * (2 (0.6 - 0.5), 2 * 0.8) = (0.2, 1.6); loss = log(e^0.2 + e^1.6) - 0.2 = log(1 + e^1.4).
 * Gradient: dL/dcos = s (softmax - onehot) = 2 (p0 - 1, p1) with p1 = e^1.4 / (1 + e^1.4); through
 * the normalisation, dL/de = (g - (g . u) u) / |e| with u = (0.6, 0.8) and g = dL/dcos (class
 * vectors are the axes).
 */
const P1 = Math.exp(1.4) / (1 + Math.exp(1.4));
const EXPECTED_LOSS = Math.log(1 + Math.exp(1.4));
const G = [2 * (1 - P1 - 1), 2 * P1];
const G_DOT_U = G[0]! * 0.6 + G[1]! * 0.8;
const EXPECTED_GRADIENT = [(G[0]! - G_DOT_U * 0.6) / 5, (G[1]! - G_DOT_U * 0.8) / 5];

test('cosfaceLoss matches the hand-computed loss and gradient of a 2-class example', async () => {
  const tf = await getTf();
  const before = tf.memory().numTensors;
  const weights = tf.tensor2d([1, 0, 0, 2], [2, 2]);
  const labels = tf.tensor1d([0], 'int32');
  const embedding = tf.tensor2d([3, 4], [1, 2]);
  const { value, grads } = tf.valueAndGrads((e: ReturnType<typeof tf.tensor>) => cosfaceLoss(tf, e, weights, labels, 2, 0.5) as ReturnType<typeof tf.scalar>)([embedding]);
  assert.ok(Math.abs(value.dataSync()[0]! - EXPECTED_LOSS) < LOSS_TOLERANCE, `loss ${value.dataSync()[0]} vs ${EXPECTED_LOSS}`);
  const gradient = grads[0]!.dataSync();
  EXPECTED_GRADIENT.forEach((g, i) => assert.ok(Math.abs(gradient[i]! - g) < LOSS_TOLERANCE, `gradient ${i}: ${gradient[i]} vs ${g}`));
  tf.dispose([value, ...grads, weights, labels, embedding]);
  assert.equal(tf.memory().numTensors, before);
});

test('cosfaceLoss with margin 0 is plain softmax cross-entropy over scaled cosines', async () => {
  const tf = await getTf();
  // Unit embedding (1, 0) against classes (1, 0) and (0, 1), s = 1: log(e + 1) - 1.
  const loss = tf.tidy(() => cosfaceLoss(tf, tf.tensor2d([1, 0], [1, 2]), tf.tensor2d([1, 0, 0, 1], [2, 2]), tf.tensor1d([0], 'int32'), 1, 0).dataSync()[0]!);
  assert.ok(Math.abs(loss - (Math.log(Math.E + 1) - 1)) < LOSS_TOLERANCE);
});

test('trainCosfaceHead separates people a nuisance direction hides, and leaves no tensors', async () => {
  const tf = await getTf();
  const before = tf.memory().numTensors;
  // 4 people on axes 0-1 (small), a large "mask" offset on axis 2 shared by half of each one's photos.
  let s = 7;
  const next = (): number => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
  const centres = [[1, 0], [-1, 0], [0, 1], [0, -1]];
  const samples = centres.flatMap((c, person) =>
    Array.from({ length: 12 }, (_, i) => ({ label: `p${person}`, vector: Float32Array.from([0.3 * c[0]! + 0.02 * next(), 0.3 * c[1]! + 0.02 * next(), i % 2 === 0 ? 3 : -3, next()]) })),
  );
  const { head } = await trainCosfaceHead(tf, samples, { outputDimension: 4, epochs: 150, batchSize: 16, learningRate: 1e-2, inputDropout: 0, weightDecay: 0, scale: 8, margin: 0.2 });
  assert.equal(tf.memory().numTensors, before);
  const masked = head.embed(Float32Array.from([0.3, 0, 3, 0]));
  const unmasked = head.embed(Float32Array.from([0.3, 0, -3, 0]));
  const other = head.embed(Float32Array.from([-0.3, 0, 3, 0]));
  assert.ok(dot(masked, unmasked) > dot(masked, other), `same person ${dot(masked, unmasked)} vs other ${dot(masked, other)}`);
});

test('trainCosfaceHead from an initial layer starts exactly there and pulls toward it', async () => {
  const tf = await getTf();
  const before = tf.memory().numTensors;
  const samples = [0, 1, 2, 3].flatMap((p) => [0, 1, 2].map((k) => ({ label: `p${p}`, vector: Float32Array.from([p === 0 ? 1 : 0, p === 1 ? 1 : 0, p === 2 ? 1 : 0, 0.1 * k]) })));
  const weights = Float32Array.from({ length: 4 * 3 }, (_, i) => ((i * 7) % 5) / 5 - 0.4);
  const bias = Float32Array.from([0.1, -0.2, 0.3]);
  const { head } = await trainCosfaceHead(tf, samples, { outputDimension: 3, epochs: 0, initial: { weights, bias } });
  assert.deepEqual([...head.first], [...weights]);
  assert.deepEqual([...head.outputBias], [...bias]);
  assert.deepEqual([...head.inputMean], [0, 0, 0, 0], 'a fine-tuned layer sees its input as it is');
  // embed = unit(x W + b)
  const x = samples[5]!.vector;
  const raw = [0, 1, 2].map((j) => [0, 1, 2, 3].reduce((s, i) => s + x[i]! * weights[i * 3 + j]!, bias[j]!));
  const n = Math.hypot(...raw);
  head.embed(x).forEach((value, j) => assert.ok(Math.abs(value - raw[j]! / n) < LOSS_TOLERANCE));
  await assert.rejects(trainCosfaceHead(tf, samples, { outputDimension: 2, initial: { weights, bias } }), /initial CosFace head/);
  assert.equal(tf.memory().numTensors, before);
});

test('trainCosfaceHead resumed from its saved state ends where an uninterrupted run ends', async () => {
  const tf = await getTf();
  const before = tf.memory().numTensors;
  let s = 11;
  const next = (): number => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
  const samples = [0, 1, 2].flatMap((p) => Array.from({ length: 6 }, () => ({ label: `p${p}`, vector: Float32Array.from([p + next(), next(), next()]) })));
  // One batch per epoch and no dropout: the shuffle order cannot change the result.
  const options = { outputDimension: 2, epochs: 6, batchSize: 64, inputDropout: 0, learningRate: 1e-2 };
  const straight = await trainCosfaceHead(tf, samples, options);
  let saved: Parameters<NonNullable<Parameters<typeof trainCosfaceHead>[5]>['onState'] & object>[0] | undefined;
  await trainCosfaceHead(tf, samples, { ...options, epochs: 3 }, undefined, undefined, { onState: async (state) => void (saved = state) });
  assert.equal(saved?.epoch, 3);
  const resumed = await trainCosfaceHead(tf, samples, options, undefined, undefined, { resume: saved! });
  assert.equal(resumed.history.length, 6);
  // Float32 sums over a batch in another order: ~1e-6 per step, six Adam steps.
  resumed.head.first.forEach((w, i) => assert.ok(Math.abs(w - straight.head.first[i]!) < 1e-4, `weight ${i}: ${w} vs ${straight.head.first[i]}`));
  assert.equal(tf.memory().numTensors, before);
});
