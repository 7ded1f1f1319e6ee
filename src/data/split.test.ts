import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stratifiedSplit } from './split.js';

const items = [
  ...Array.from({ length: 10 }, () => ({ person: 'a', group: 'unmasked' })),
  ...Array.from({ length: 5 }, () => ({ person: 'a', group: 'masked' })),
  ...Array.from({ length: 5 }, () => ({ person: 'b', group: 'unmasked' })),
  { person: 'b', group: 'masked' },
];

test('each person and group is split 80/20', () => {
  const s = stratifiedSplit(items, 0.2, 42);
  const testCount = (person: string, group: string) => items.filter((it, i) => it.person === person && it.group === group && s[i] === 'test').length;
  assert.equal(testCount('a', 'unmasked'), 2);
  assert.equal(testCount('a', 'masked'), 1);
  assert.equal(testCount('b', 'unmasked'), 1);
  assert.equal(testCount('b', 'masked'), 0, 'a single photo stays in training');
});

test('the same seed gives the same split, another seed another', () => {
  assert.deepEqual(stratifiedSplit(items, 0.2, 42), stratifiedSplit(items, 0.2, 42));
  assert.notDeepEqual(stratifiedSplit(items, 0.2, 42), stratifiedSplit(items, 0.2, 7));
});
