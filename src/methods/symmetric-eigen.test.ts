import assert from 'node:assert/strict';
import { test } from 'node:test';
import { symmetricEigen } from './symmetric-eigen.js';

/** Largest |A v - lambda v| component allowed, relative to entries of order 1 (float64 arithmetic). */
const EIGEN_RESIDUAL_TOLERANCE = 1e-9;

test('symmetricEigen gives A v = lambda v with eigenvalues sorted largest first', () => {
  const n = 12;
  const a = new Float64Array(n * n);
  let seed = 7;
  const next = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = next();
  const { values, vectors } = symmetricEigen(a, n);
  for (let k = 0; k < n; k++) {
    if (k > 0) assert.ok(values[k - 1]! >= values[k]!);
    for (let i = 0; i < n; i++) {
      let av = 0;
      for (let j = 0; j < n; j++) av += a[i * n + j]! * vectors[k * n + j]!;
      assert.ok(Math.abs(av - values[k]! * vectors[k * n + i]!) < EIGEN_RESIDUAL_TOLERANCE);
    }
  }
});

test('symmetricEigen of a diagonal matrix returns its diagonal', () => {
  const { values } = symmetricEigen(Float64Array.from([2, 0, 0, 0, 5, 0, 0, 0, -1]), 3);
  assert.deepEqual([...values], [5, 2, -1]);
});
