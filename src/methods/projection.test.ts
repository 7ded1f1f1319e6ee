import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type LabelledVector, fitLda, fitPca, project } from './projection.js';
import { dot, unit } from './vectors.js';

/** Float32 rounding allowed on projected coordinates of unit-scale data. */
const PROJECTION_TOLERANCE = 1e-4;

function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
}

test('fitPca finds the direction of largest variance, through the Gram matrix when samples < dimensions', () => {
  const next = rng(3);
  const vectors = Array.from({ length: 6 }, () => {
    const t = next() * 10;
    return Float32Array.from([t, 0.01 * next(), 0.01 * next(), 0.01 * next(), 0.01 * next(), 0.01 * next(), 0.01 * next(), 0.01 * next()]);
  });
  const pca = fitPca(vectors, 1);
  assert.equal(pca.outputDimension, 1);
  assert.ok(Math.abs(Math.abs(pca.matrix[0]!) - 1) < PROJECTION_TOLERANCE);
});

test('fitLda keeps identity and drops a nuisance direction shared by every person', () => {
  // Two people separated along axis 0; a "mask" moves every photo along axis 1 by a large amount.
  const next = rng(11);
  const samples: LabelledVector[] = [];
  for (const [label, centre] of [['a', -1], ['b', 1]] as const) {
    for (let i = 0; i < 20; i++) {
      const masked = i % 2 === 0 ? 3 : -3;
      samples.push({ label, vector: Float32Array.from([centre + 0.1 * next(), masked + 0.1 * next(), 0.1 * next()]) });
    }
  }
  const lda = fitLda(samples, { pcaDimensions: 3, ldaDimensions: 1, shrinkage: 0 });
  assert.equal(lda.outputDimension, 1);
  const a = project(lda, Float32Array.from([-1, 3, 0]))[0]!;
  const aMasked = project(lda, Float32Array.from([-1, -3, 0]))[0]!;
  const b = project(lda, Float32Array.from([1, 3, 0]))[0]!;
  assert.ok(Math.abs(a - aMasked) < 0.2 * Math.abs(a - b));
  const whitened = fitLda(samples, { pcaDimensions: 3, ldaDimensions: 0, shrinkage: 0.1 });
  assert.equal(whitened.outputDimension, 3);
  const u = unit(project(whitened, Float32Array.from([-1, 3, 0])));
  assert.ok(dot(u, u) > 1 - PROJECTION_TOLERANCE);
});
