import assert from 'node:assert/strict';
import { test } from 'node:test';
import { falseRejectRate, rateAtOrAbove, thresholdForFar } from './calibrate.js';
import type { GalleryEmbedding } from './gallery.js';
import { type Candidate, GalleryIndex, POOLED_SAMPLES, UNKNOWN, pooledScore } from './open-set.js';
import { l2Normalize } from '../methods/similarity.js';

/** Cosine similarities computed by hand below are exact to float32 rounding. */
const SCORE_TOLERANCE = 1e-6;
const v = (...values: number[]): Float32Array => l2Normalize(Float32Array.from(values));

const index = new GalleryIndex([
  { person: 'Ada', vector: v(1, 0, 0), kind: 'unmasked' },
  { person: 'Ada', vector: v(0, 1, 0), kind: 'synthetic-masked' },
  { person: 'Bob', vector: v(0, 0, 1), kind: 'unmasked' },
]);

test('identification averages each person\'s best samples (all of them when fewer than 3) and rejects below the threshold', () => {
  const masked = index.identify(Float32Array.from([0.1, 1, 0]), 0.5);
  assert.equal(masked.name, 'Ada');
  // Ada has two samples: cosines 0.1/h and 1/h, averaged.
  assert.ok(Math.abs(masked.score - 1.1 / 2 / Math.hypot(0.1, 1)) < SCORE_TOLERANCE);
  // Bob's single sample: cosine 1/sqrt(2), above Ada's mean of 1/sqrt(2) and 0, below 0.8.
  const between = index.identify(Float32Array.from([1, 0, 1]), 0.8);
  assert.equal(between.name, UNKNOWN);
  assert.ok(Math.abs(between.score - Math.SQRT1_2) < SCORE_TOLERANCE);
  assert.deepEqual(between.candidates.map((c) => c.name).sort(), ['Ada', 'Bob']);
});

test('a person\'s score is the mean of their 3 best cosines, so one look-alike sample counts less than several good ones', () => {
  assert.equal(POOLED_SAMPLES, 3);
  const probe = v(1, 0, 0);
  const samples = [v(0, 1, 0), v(1, 1, 0), v(1, 0, 0), v(-1, 0, 0), v(1, 0, 1)];
  // Best three cosines: 1, 1/sqrt(2), 1/sqrt(2).
  assert.ok(Math.abs(pooledScore(probe, samples) - (1 + 2 * Math.SQRT1_2) / 3) < SCORE_TOLERANCE);
  assert.equal(pooledScore(probe, []), -1);
  const pooled = new GalleryIndex([
    { person: 'Lookalike', vector: v(1, 0, 0), kind: 'unmasked' },
    { person: 'Lookalike', vector: v(0, 1, 0), kind: 'synthetic-masked' },
    { person: 'Lookalike', vector: v(0, 0, 1), kind: 'synthetic-masked' },
    ...[v(0.9, 0.1, 0), v(0.9, 0, 0.1), v(0.9, 0.05, 0.05)].map((vector) => ({ person: 'Same', vector, kind: 'synthetic-masked' as const })),
  ]);
  assert.equal(pooled.identify(probe, 0.5).name, 'Same');
});

test('verification compares with one person only', () => {
  assert.equal(index.verify(Float32Array.from([0, 0, 2]), 'Bob', 0.9).match, true);
  assert.equal(index.verify(Float32Array.from([0, 0, 2]), 'Ada', 0.9).match, false);
  assert.throws(() => index.verify(Float32Array.from([0, 0, 2]), 'Cy', 0.9), { code: 'MF_UNKNOWN_PERSON' });
});

test('the threshold accepts at most the target fraction of strangers', () => {
  const strangers = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
  const tenPercent = thresholdForFar(strangers, 0.1);
  assert.equal(tenPercent.far, 0.1);
  assert.equal(rateAtOrAbove(strangers, tenPercent.threshold), 0.1);
  assert.ok(tenPercent.threshold > 0.9 && tenPercent.threshold <= 0.95);
  assert.equal(thresholdForFar(strangers, 0).far, 0);
  assert.throws(() => thresholdForFar([], 0.1), { code: 'MF_INVALID_ARGUMENT' });
  assert.equal(falseRejectRate([{ score: 0.99, correct: true }, { score: 0.99, correct: false }, { score: 0.2, correct: true }, { score: 0.97, correct: true }], 0.95), 0.5);
});

/**
 * The index as it was before the contiguous matrix: a map of each person's vectors, `pooledScore`
 * per person, every person sorted. The fast index must give exactly its numbers and order.
 */
class ReferenceIndex {
  private readonly byPerson = new Map<string, Float32Array[]>();

  constructor(embeddings: readonly GalleryEmbedding[]) {
    for (const e of embeddings) this.byPerson.set(e.person, [...(this.byPerson.get(e.person) ?? []), e.vector]);
  }

  rank(probe: Float32Array): Candidate[] {
    const unit = l2Normalize(probe);
    return [...this.byPerson].map(([name, vectors]) => ({ name, score: pooledScore(unit, vectors) })).sort((a, b) => b.score - a.score);
  }

  verify(probe: Float32Array, name: string): number {
    return pooledScore(l2Normalize(probe), this.byPerson.get(name)!);
  }
}

test('the contiguous index, with the SIMD and the JavaScript scan, gives exactly the scores, names and order of per-person pooled scores (ties, odd row counts, any dimension)', () => {
  let seed = 12345;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647) - 0.5;
  for (const [people, dimension] of [[1, 2], [7, 3], [40, 16], [25, 130], [60, 128]] as const) {
    const embeddings: GalleryEmbedding[] = [];
    for (let p = 0; p < people; p++) {
      for (let k = 0; k < 1 + (p % 6); k++) embeddings.push({ person: `p${p}`, vector: l2Normalize(Float32Array.from({ length: dimension }, random)), kind: 'unmasked' });
    }
    // Samples shuffled between people, and a twin whose samples equal p0's: their scores tie.
    embeddings.sort(() => random());
    for (const e of embeddings.filter((x) => x.person === 'p0')) embeddings.push({ ...e, person: 'twin' });
    const simd = new GalleryIndex(embeddings, { kernel: 'simd' });
    assert.equal(simd.kernel, 'simd', 'Node 20 runs WebAssembly SIMD');
    const reference = new ReferenceIndex(embeddings);
    for (const fast of [simd, new GalleryIndex(embeddings, { kernel: 'js' }), new GalleryIndex(embeddings)]) {
    for (let t = 0; t < 10; t++) {
      const probe = t === 0 ? embeddings[0]!.vector : Float32Array.from({ length: dimension }, random);
      const ranked = reference.rank(probe);
      assert.deepEqual(fast.rank(probe), ranked);
      for (const k of [0, 1, 3, 5]) {
        const id = fast.identify(probe, 0.1, k);
        assert.deepEqual(id.candidates, ranked.slice(0, k));
        assert.equal(id.score, ranked[0]!.score);
        assert.equal(id.name, ranked[0]!.score >= 0.1 ? ranked[0]!.name : UNKNOWN);
      }
      for (const name of ['p0', 'twin', `p${people - 1}`]) assert.equal(fast.verify(probe, name, 0.5).score, reference.verify(probe, name));
    }
    }
  }
  assert.deepEqual(new GalleryIndex([]).identify(v(1, 0), 0.5), { name: UNKNOWN, score: -1, candidates: [] });
  assert.throws(() => new GalleryIndex([{ person: 'a', vector: v(1, 0), kind: 'unmasked' }, { person: 'b', vector: v(1, 0, 0), kind: 'unmasked' }]), { code: 'MF_INVALID_ARGUMENT' });
  assert.throws(() => index.rank(v(1, 0)), { code: 'MF_INVALID_ARGUMENT' });
});
