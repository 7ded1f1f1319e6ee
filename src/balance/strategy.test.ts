import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countByLabel, materialize } from './balance.js';
import { oversample } from './oversample.js';
import { smote } from './smote.js';
import type { Samples, SamplingStrategy } from './types.js';
import { undersample } from './undersample.js';

// Hand-made: class 0 x5, class 1 x2, class 2 x8, class 3 x2 (classes 1 and 3 tie for minority).
const LABELS = [0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3];
const ROW = 4;
const samples: Samples<Float32Array> = {
  data: Float32Array.from({ length: LABELS.length * ROW }, (_, i) => (i % 7) + Math.floor(i / ROW)),
  rowLength: ROW,
  labels: LABELS,
};

const countsAfter = (result: ReturnType<typeof undersample>): number[] => {
  const counts = countByLabel(materialize(samples, result).labels);
  return [0, 1, 2, 3].map((label) => counts.get(label) ?? 0);
};

// Expected counts written by hand from imblearn's rules: over-sampling raises the chosen classes
// to the majority count (8), under-sampling lowers them to the minority count (2); ties go to the
// smallest label (class 1 is "the" minority).
const OVER: [SamplingStrategy, number[]][] = [
  ['auto', [8, 8, 8, 8]],
  ['not majority', [8, 8, 8, 8]],
  ['minority', [5, 8, 8, 2]],
  ['not minority', [8, 2, 8, 8]],
  ['all', [8, 8, 8, 8]],
  [new Map([[0, 6], [3, 4]]), [6, 2, 8, 4]],
];
const UNDER: [SamplingStrategy, number[]][] = [
  ['auto', [2, 2, 2, 2]],
  ['not minority', [2, 2, 2, 2]],
  ['majority', [5, 2, 2, 2]],
  ['not majority', [2, 2, 8, 2]],
  ['all', [2, 2, 2, 2]],
  [new Map([[2, 3]]), [5, 2, 3, 2]],
];

test('random over-sampling and SMOTE reach the counts of imblearn rules', () => {
  for (const [strategy, expected] of OVER) {
    assert.deepEqual(countsAfter(oversample(samples, { strategy })), expected, `oversample ${String(strategy)}`);
    assert.deepEqual(countsAfter(smote(samples, { strategy, k: 1 })), expected, `smote ${String(strategy)}`);
  }
});

test('random under-sampling reaches the counts of imblearn rules and keeps only real rows', () => {
  for (const [strategy, expected] of UNDER) {
    const result = undersample(samples, { strategy });
    assert.deepEqual(countsAfter(result), expected, `undersample ${String(strategy)}`);
    assert.equal(result.synthetic.count, 0);
    assert.equal(new Set(result.kept).size, result.kept.length, 'no row kept twice');
  }
});

test('a ratio works for two classes as imblearn float strategies do', () => {
  const two: Samples<Float32Array> = { data: new Float32Array(12 * 2), rowLength: 2, labels: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1] };
  assert.equal(oversample(two, { strategy: 0.5 }).synthetic.count, 3, 'minority raised to 0.5 x 10 = 5');
  assert.equal(undersample(two, { strategy: 0.5 }).kept.length, 2 + 4, 'majority lowered to 2 / 0.5 = 4');
});

test('rules that do not apply to a sampler, and impossible targets, are refused', () => {
  assert.throws(() => oversample(samples, { strategy: 'majority' }), { code: 'MF_INVALID_ARGUMENT' });
  assert.throws(() => undersample(samples, { strategy: 'minority' }), { code: 'MF_INVALID_ARGUMENT' });
  assert.throws(() => oversample(samples, { strategy: new Map([[2, 3]]) }), { code: 'MF_INVALID_ARGUMENT' });
  assert.throws(() => smote(samples, { k: 2 }), /class 1 has 2 row/);
});

test('the same seed gives the same rows, another seed other rows', () => {
  const a = undersample(samples, { seed: 7 });
  assert.deepEqual(a.kept, undersample(samples, { seed: 7 }).kept);
  const seeds = [1, 2, 3, 4, 5].map((seed) => Array.from(undersample(samples, { seed }).kept).join());
  assert.ok(new Set(seeds).size > 1, 'different seeds pick different rows');
});
