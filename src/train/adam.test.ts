import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getTf } from '../engine/tf.js';
import { Adam } from './adam.js';

test('Adam takes Keras\'s first step (size ~ learning rate) and can be saved and restored', async () => {
  const tf = await getTf();
  const start = tf.memory().numTensors;
  const x = tf.variable(tf.tensor1d([1, -2]));
  const adam = new Adam(tf, [x], 0.1);
  const before = tf.memory().numTensors;
  const g = tf.tensor1d([0.5, -0.25]);
  adam.apply([g]);
  g.dispose();
  assert.equal(tf.memory().numTensors, before);
  // Step 1: m = 0.1 g, v = 0.001 g^2, alpha = lr sqrt(1 - 0.999) / (1 - 0.9): the update is lr * sign(g).
  const VALUE_TOLERANCE = 1e-5;
  const [a, b] = x.dataSync();
  assert.ok(Math.abs((a ?? NaN) - 0.9) <= VALUE_TOLERANCE, String(a));
  assert.ok(Math.abs((b ?? NaN) - -1.9) <= VALUE_TOLERANCE, String(b));
  const state = adam.getState();
  const other = new Adam(tf, [x], 0.1);
  other.setState(state);
  assert.deepEqual(other.getState(), state);
  adam.dispose();
  other.dispose();
  x.dispose();
  assert.equal(tf.memory().numTensors, start + 1, 'only the tensor1d the variable was made from stays');
});
