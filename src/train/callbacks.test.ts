import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BestCheckpoint, EarlyStopping, ReduceLrOnPlateau } from './callbacks.js';

test('BestCheckpoint saves on a strict improvement only, keeping the first best epoch', () => {
  const c = new BestCheckpoint();
  const saved = [0.2, 0.5, 0.5, 0.4, 0.7, 0.7].map((acc, i) => c.update(i + 1, acc));
  assert.deepEqual(saved, [true, true, false, false, true, false]);
  assert.equal(c.bestEpoch, 5);
  assert.equal(c.best, 0.7);
});

test('ReduceLrOnPlateau multiplies the rate by the factor after `patience` epochs without a new best', () => {
  const r = new ReduceLrOnPlateau(3, 0.1);
  let lr = 1e-5;
  const rates: number[] = [];
  for (const acc of [0.5, 0.5, 0.4, 0.5, 0.5, 0.6, 0.6, 0.6, 0.6]) {
    lr = r.update(acc, lr);
    rates.push(lr);
  }
  const RATE_TOLERANCE = 1e-12;
  const expected = [1e-5, 1e-5, 1e-5, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6, 1e-7];
  rates.forEach((v, i) => assert.ok(Math.abs(v - (expected[i] ?? NaN)) <= RATE_TOLERANCE, `epoch ${i + 1}: ${v}`));
});

test('EarlyStopping stops after `patience` epochs without a new best', () => {
  const s = new EarlyStopping(2);
  assert.deepEqual([0.1, 0.3, 0.2, 0.3, 0.4, 0.4, 0.4].map((a) => s.update(a)), [false, false, false, true, false, false, true]);
});
