import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BalanceMethod } from './balance.js';
import { applyProtocol, sourcesOf, stratifiedSplit } from './protocol.js';
import { createRng } from './random.js';
import type { Samples } from './types.js';

// 6 persons, masked (group 0) and unmasked (group 1) photos, unbalanced.
const SIZES: [person: number, group: number, photos: number][] = [
  [0, 1, 10], [1, 1, 6], [2, 1, 8], [0, 0, 7], [1, 0, 3], [2, 0, 12],
];
const ROW = 16;
const labels = SIZES.flatMap(([person, , n]) => Array<number>(n).fill(person));
const groups = SIZES.flatMap(([, group, n]) => Array<number>(n).fill(group));
const rng = createRng(11);
const samples: Samples<Uint8Array> = { data: Uint8Array.from({ length: labels.length * ROW }, () => rng.int(256)), rowLength: ROW, labels };

const METHODS: BalanceMethod[] = ['none', 'undersample', 'oversample', 'smote'];

test('leak-free never puts a row derived from a test photo in training', () => {
  for (const method of METHODS) {
    for (const perGroup of [false, true]) {
      const result = applyProtocol(samples, { protocol: 'leak-free', method, k: 2, smallClass: 'shrink', split: stratifiedSplit(0.2, 9), ...(perGroup ? { groups } : {}) });
      assert.equal(result.protocol, 'leak-free');
      const testRows = new Set(result.test);
      assert.ok(testRows.size > 0, 'some photos are in the test set');
      for (const id of result.train) {
        for (const source of sourcesOf(result, id)) assert.ok(!testRows.has(source), `${method}: training row ${id} comes from test photo ${source}`);
      }
      for (const id of result.test) assert.ok(id < result.inputRows, 'the test set holds only real photos');
    }
  }
});

test('paper protocol balances first, so synthetic copies of test photos reach training', () => {
  const result = applyProtocol(samples, { protocol: 'paper', method: 'smote', k: 2, split: stratifiedSplit(0.2, 9) });
  assert.equal(result.protocol, 'paper');
  const testReal = new Set([...result.test].filter((id) => id < result.inputRows));
  const leaked = [...result.train].filter((id) => id >= result.inputRows && sourcesOf(result, id).some((s) => testReal.has(s)));
  assert.ok(leaked.length > 0, 'the paper protocol leaks test photos into training (that is why leak-free exists)');
  assert.equal(result.train.length + result.test.length, result.kept.length + result.synthetic.count, 'every balanced row is in one set');
});

test('leak-free takes the split it is given and balances only the training rows', () => {
  const everyFifthIsTest = (l: Int32Array): Uint8Array => Uint8Array.from(l, (_, i) => (i % 5 === 0 ? 1 : 0));
  const result = applyProtocol(samples, { protocol: 'leak-free', method: 'oversample', split: everyFifthIsTest });
  assert.deepEqual([...result.test], labels.map((_, i) => i).filter((i) => i % 5 === 0));
  const trainCounts = new Map<number, number>();
  for (const id of result.train) {
    const label = id < result.inputRows ? labels[id] : result.synthetic.labels[id - result.inputRows];
    trainCounts.set(label as number, (trainCounts.get(label as number) ?? 0) + 1);
  }
  assert.equal(new Set(trainCounts.values()).size, 1, 'training classes are balanced');
});
