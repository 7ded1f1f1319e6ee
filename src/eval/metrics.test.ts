import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeMetrics, confusionMatrix, macroF1, spread, type Predictions } from './metrics.js';

/** Metrics are shares in 0..1; hand computations are exact to this many units. */
const SHARE_TOLERANCE = 1e-12;
/** The paper's Table V prints rounded runs and a truncated mean (91.476 shows as 91.47), in percentage points. */
const PAPER_PERCENT_TOLERANCE_PP = 0.01;

const close = (actual: number | null, expected: number, tolerance: number): void => {
  assert.ok(actual !== null && Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);
};

const sample: Predictions = {
  classes: ['a', 'b', 'c'],
  truth: [0, 0, 0, 1, 1, 2, 2, 2],
  predicted: [0, 0, 1, 1, 2, 2, 2, 0],
  kinds: ['masked', 'unmasked', 'masked', 'unmasked', 'masked', 'unmasked', 'synthetic', 'masked'],
};

test('confusion matrix counts true class by row and predicted class by column', () => {
  assert.deepEqual(confusionMatrix(sample), [
    [2, 1, 0],
    [0, 1, 1],
    [1, 0, 2],
  ]);
});

test('accuracy, macro-F1 and per-group accuracy match a hand computation', () => {
  const m = computeMetrics(sample);
  close(m.accuracy, 5 / 8, SHARE_TOLERANCE);
  // F1 per class = 2TP / (predicted + actual): a 4/6, b 2/4, c 4/6.
  close(m.macroF1, (4 / 6 + 2 / 4 + 4 / 6) / 3, SHARE_TOLERANCE);
  // masked rows 0, 2, 4, 7: right only row 0; unmasked rows 1, 3, 5: all right.
  close(m.maskedAccuracy, 1 / 4, SHARE_TOLERANCE);
  close(m.unmaskedAccuracy, 1, SHARE_TOLERANCE);
  assert.deepEqual(m.counts, { masked: 4, unmasked: 3, synthetic: 1 });
  assert.equal(m.n, 8);
});

test('a group absent from the test set has no accuracy, and a class never seen scores F1 0', () => {
  const m = computeMetrics({ classes: ['a', 'b'], truth: [0, 0], predicted: [0, 0], kinds: ['unmasked', 'unmasked'] });
  assert.equal(m.maskedAccuracy, null);
  close(macroF1([[2, 0], [0, 0]]), 0.5, SHARE_TOLERANCE);
});

test("spread reproduces the paper's Table V (sample standard deviation)", () => {
  const real = spread([90.99, 91.29, 91.39, 91.77, 91.94]);
  close(real.mean, 91.47, PAPER_PERCENT_TOLERANCE_PP);
  close(real.std, 0.38, PAPER_PERCENT_TOLERANCE_PP);
  const simulated = spread([92.6, 92.65, 93.23, 93.28, 93.54]);
  close(simulated.mean, 93.06, PAPER_PERCENT_TOLERANCE_PP);
  close(simulated.std, 0.41, PAPER_PERCENT_TOLERANCE_PP);
  assert.equal(spread([0.5]).std, 0);
});

test('mismatched lengths and out-of-range classes are refused', () => {
  assert.throws(() => confusionMatrix({ ...sample, predicted: [0] }), /same length/);
  assert.throws(() => confusionMatrix({ ...sample, truth: sample.truth.map(() => 3) }), /class indices/);
});
