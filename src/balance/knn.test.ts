import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClassNeighbours } from './knn.js';
import { createRng } from './random.js';

test('nearest neighbours match brute force, exactly for 8-bit rows, ties to the lower index', () => {
  const rng = createRng(8);
  const L = 37; // not a multiple of 8: the remainder loop runs too
  const n = 21;
  const data = Uint8Array.from({ length: n * L }, () => rng.int(256));
  data.copyWithin(5 * L, 2 * L, 3 * L); // row 5 = row 2: a tie at distance 0
  data.copyWithin(9 * L, 2 * L, 3 * L); // row 9 = row 2 too
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const knn = new ClassNeighbours(data, L, rows);
  for (let b = 0; b < n; b++) {
    const exact = rows.map((j) => {
      let s = 0;
      for (let t = 0; t < L; t++) s += ((data[b * L + t] as number) - (data[j * L + t] as number)) ** 2;
      return s;
    });
    assert.deepEqual(Array.from(knn.distancesFrom(b)), Array.from(exact), `row ${b}: exact squared distances`);
    const expected = Array.from(rows)
      .filter((j) => j !== b)
      .sort((x, y) => (exact[x] as number) - (exact[y] as number) || x - y)
      .slice(0, 4);
    assert.deepEqual(Array.from(knn.nearest(b, 4)), expected);
  }
  assert.deepEqual(Array.from(knn.nearest(2, 2)), [5, 9], 'duplicates are the nearest, lower index first');
});
