import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getTf } from '../engine/tf.js';
import { Adam } from './adam.js';
import type { EpochRecord } from './loop.js';
import { createFrozenRunner } from './frozen-runner.js';
import { initialLoopState, runLoop } from './loop.js';
import { buildBackboneNetwork, disposeNetwork } from '../model-folder/network.js';
import { trainableVariables } from '../model-folder/network-weights.js';
import { vectorSource } from './rows.js';

const DIMENSION = 8;
const CLASSES = 3;

/** Class c's vectors sit around 2 * unit vector c: separable, so a head learns them in a few steps. */
function vectors(count: number, seed: number, constant = false): { data: Float32Array; labels: Int32Array } {
  const data = new Float32Array(count * DIMENSION);
  const labels = Int32Array.from({ length: count }, (_, i) => i % CLASSES);
  let s = seed;
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < DIMENSION; d++) {
      s = (s * 48271) % 2147483647;
      data[i * DIMENSION + d] = constant ? 0 : (d === labels[i] ? 2 : 0) + (s / 2147483647 - 0.5);
    }
  }
  return { data, labels };
}

const sourceOf = async (v: { data: Float32Array; labels: Int32Array }) => {
  const tf = await getTf();
  const store = { rowLength: DIMENSION, row: (i: number) => v.data.subarray(i * DIMENSION, (i + 1) * DIMENSION), label: (i: number) => v.labels[i] as number };
  return vectorSource(tf, store, Int32Array.from(v.labels, (_, i) => i), [DIMENSION]);
};

const options = { epochs: 6, batchSize: 12, microBatchSize: 5, learningRate: 1e-3, patience: 2, lrFactor: 0.1, earlyStop: 0, seed: 42 };

test('a few steps reduce the loss, and the best epoch is reported for saving', async () => {
  const tf = await getTf();
  const net = buildBackboneNetwork(tf, { classes: CLASSES, dimension: DIMENSION });
  const adam = new Adam(tf, trainableVariables(net), options.learningRate);
  const before = tf.memory().numTensors;
  const saved: number[] = [];
  const final = await runLoop(tf, net, await createFrozenRunner(tf, net), adam, await sourceOf(vectors(48, 1)), await sourceOf(vectors(12, 2)), CLASSES, options, initialLoopState(options.learningRate), {
    onBest: async (r: EpochRecord) => { saved.push(r.epoch); },
  });
  assert.equal(tf.memory().numTensors, before, 'the loop leaves no tensors behind');
  const losses = final.history.map((h) => h.loss);
  assert.ok((losses.at(-1) ?? Infinity) < (losses[0] ?? 0), `loss ${losses.join(' -> ')}`);
  const accs = final.history.map((h) => h.valAccuracy);
  assert.equal(final.best, Math.max(...accs));
  assert.equal(final.bestEpoch, accs.indexOf(final.best) + 1);
  assert.equal(saved.at(-1), final.bestEpoch);
  adam.dispose();
  disposeNetwork(net);
});

test('the learning rate drops x0.1 after `patience` epochs without a better validation accuracy', async () => {
  const tf = await getTf();
  const net = buildBackboneNetwork(tf, { classes: CLASSES, dimension: DIMENSION });
  const adam = new Adam(tf, trainableVariables(net), options.learningRate);
  // One validation row per class, all the same input: accuracy is exactly 1/3 every epoch.
  const flat = await sourceOf(vectors(3, 3, true));
  const final = await runLoop(tf, net, await createFrozenRunner(tf, net), adam, await sourceOf(vectors(24, 4)), flat, CLASSES, options, initialLoopState(options.learningRate));
  const RATE_TOLERANCE = 1e-12;
  const expected = [1e-3, 1e-3, 1e-3, 1e-4, 1e-4, 1e-5];
  final.history.forEach((h, i) => assert.ok(Math.abs(h.lr - (expected[i] ?? NaN)) <= RATE_TOLERANCE, `epoch ${h.epoch}: lr ${h.lr}`));
  adam.dispose();
  disposeNetwork(net);
});
