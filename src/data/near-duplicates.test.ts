import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NEAR_DUPLICATE_COSINE, nearDuplicateGroups } from './near-duplicates.js';

/** A unit vector in the plane at `degrees` from the x axis: the cosine of two is the cosine of their angle. */
const at = (degrees: number): Float32Array => new Float32Array([Math.cos((degrees * Math.PI) / 180), Math.sin((degrees * Math.PI) / 180)]);

test('photos of one person above the cosine are joined, transitively', () => {
  // cos 20° = 0.940 > 0.85 joins 0-1 and 1-2; cos 40° = 0.766 would not join 0-2 directly. cos 90° = 0 keeps 3 apart.
  const items = [{ person: 'a' }, { person: 'a' }, { person: 'a' }, { person: 'a' }];
  const groups = nearDuplicateGroups(items, [at(0), at(20), at(40), at(130)], NEAR_DUPLICATE_COSINE);
  assert.equal(groups[0], groups[1]);
  assert.equal(groups[1], groups[2]);
  assert.notEqual(groups[3], groups[0]);
});

test('identical vectors of two people are never joined', () => {
  const groups = nearDuplicateGroups([{ person: 'a' }, { person: 'b' }, { person: 'a' }], [at(0), at(0), at(5)], NEAR_DUPLICATE_COSINE);
  assert.equal(groups[0], groups[2]);
  assert.notEqual(groups[1], groups[0]);
});
