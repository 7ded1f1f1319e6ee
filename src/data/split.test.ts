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

/** Three people, their masked and unmasked cells of uneven sizes; test targets at 0.2: 2, 1, 1, 1, 1, 0. */
const sizes: ReadonlyArray<readonly [string, number, number]> = [['ann', 12, 6], ['bo', 7, 3], ['cy', 4, 1]];
const people = sizes.flatMap(([person, unmasked, masked]) => [
  ...Array.from({ length: unmasked }, () => ({ person, group: 'unmasked' })),
  ...Array.from({ length: masked }, () => ({ person, group: 'masked' })),
]);
/** Test photos of `people` at 0.2, seed 42, computed by split.ts before near-duplicate groups existed (commit 884e65f). */
const PAPER_TEST_INDICES = [2, 4, 13, 23, 25, 31];
const testIndices = (s: readonly string[]): number[] => s.flatMap((x, i) => (x === 'test' ? [i] : []));
const cellTarget = (n: number, f: number): number => Math.min(n - 1, Math.round(n * f));

test('near-duplicate groups of one photo each give exactly the split without groups', () => {
  assert.deepEqual(testIndices(stratifiedSplit(people, 0.2, 42)), PAPER_TEST_INDICES);
  assert.deepEqual(testIndices(stratifiedSplit(people, 0.2, 42, people.map((_, i) => 1000 + i))), PAPER_TEST_INDICES);
  for (const seed of [1, 7, 99]) assert.deepEqual(stratifiedSplit(people, 0.3, seed, people.map((_, i) => i)), stratifiedSplit(people, 0.3, seed));
});

test('a near-duplicate group never straddles the split, and no cell goes over its test share', () => {
  // Pairs of photos of one person (0-1, 3-4, ...; 24-25 spans bo's unmasked and masked cells), the rest alone.
  const pairs = people.map((it, i) => (i % 3 === 1 && people[i - 1]!.person === it.person ? i - 1 : i));
  let pairsInTest = 0;
  for (const seed of [1, 2, 3, 42, 99]) {
    const s = stratifiedSplit(people, 0.25, seed, pairs);
    for (const g of new Set(pairs)) assert.equal(new Set(s.filter((_, i) => pairs[i] === g)).size, 1, `group ${g}, seed ${seed}`);
    pairsInTest += pairs.filter((g, i) => g !== i && s[i] === 'test').length;
    for (const [person, unmasked, masked] of sizes) {
      for (const [group, n] of [['unmasked', unmasked], ['masked', masked]] as const) {
        const taken = people.filter((it, i) => it.person === person && it.group === group && s[i] === 'test').length;
        assert.ok(taken <= cellTarget(n, 0.25), `${person} ${group}: ${taken} test photos, seed ${seed}`);
      }
    }
  }
  assert.ok(pairsInTest > 0, 'some pairs are held out whole, not all kept in training');
});

test('a group larger than its cell\'s test share stays in training; the share is filled from the rest', () => {
  // Person a: 10 unmasked photos (test share 2), the first three near-duplicates of one another.
  const ten = Array.from({ length: 10 }, () => ({ person: 'a', group: 'unmasked' }));
  const groups = ten.map((_, i) => (i < 3 ? 0 : i));
  for (const seed of [1, 2, 3, 42]) {
    const s = stratifiedSplit(ten, 0.2, seed, groups);
    assert.deepEqual(s.slice(0, 3), ['train', 'train', 'train'], `seed ${seed}`);
    assert.equal(s.filter((x) => x === 'test').length, 2, `seed ${seed}`);
  }
});

test('a group spanning a person\'s masked and unmasked photos goes whole, within both cells\' shares', () => {
  // Person a: 10 unmasked (share 2), 5 masked (share 1). Group 0: unmasked 0 with masked 10.
  const a = [...Array.from({ length: 10 }, () => ({ person: 'a', group: 'unmasked' })), ...Array.from({ length: 5 }, () => ({ person: 'a', group: 'masked' }))];
  const spanning = a.map((_, i) => (i === 0 || i === 10 ? -1 : i));
  for (const seed of [1, 2, 3, 4, 5, 42]) {
    const s = stratifiedSplit(a, 0.2, seed, spanning);
    assert.equal(s[0], s[10], `seed ${seed}`);
    assert.ok(s.slice(0, 10).filter((x) => x === 'test').length <= 2);
    assert.equal(s.slice(10).filter((x) => x === 'test').length, 1, 'the masked cell still gets its one test photo');
  }
  // Two masked photos with one unmasked: more than the masked share of 1, so the whole group trains.
  const tooMany = a.map((_, i) => (i === 0 || i === 10 || i === 11 ? -1 : i));
  for (const seed of [1, 2, 3, 42]) assert.deepEqual([0, 10, 11].map((i) => stratifiedSplit(a, 0.2, seed, tooMany)[i]), ['train', 'train', 'train']);
});

test('groups must give one id per item', () => {
  assert.throws(() => stratifiedSplit(items, 0.2, 42, [1, 2]), /one group id per item/);
});
