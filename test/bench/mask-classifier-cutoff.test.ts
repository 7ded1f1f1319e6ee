import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cutoffRules, foldOf, MASK_FOLDS, type ScoredPhoto } from '../../bench/mask-classifier-cutoff.js';
import type { MaskPhoto } from '../../bench/mask-classifier-data.js';

/** Cutoffs are probabilities (0..1); the hand-computed ones agree to this. */
const CUTOFF_TOLERANCE = 1e-9;

const photo = (source: 'rmfd' | 'lfw', masked: boolean, probability: number, i: number): ScoredPhoto => ({
  photo: { path: `${source}/${masked}/${i}`, person: `p${i}`, masked, synthetic: false, source, split: 'train' } satisfies MaskPhoto,
  probability,
});

test('the cutoff rules on hand-made scores: sure, balanced and centred', () => {
  // 51 real masks (one scored 0.3), 51 unmasked RMFD faces (one scored 0.7), 10 LFW faces at 0.2:
  // one miss in 51 is 98.04 %, so every observed cutoff from 0.3 to 0.9 keeps each group >= 98 %.
  const scored = [
    ...Array.from({ length: 50 }, (_, i) => photo('rmfd', true, 0.9, i)), photo('rmfd', true, 0.3, 50),
    ...Array.from({ length: 50 }, (_, i) => photo('rmfd', false, 0.1, i)), photo('rmfd', false, 0.7, 50),
    ...Array.from({ length: 10 }, (_, i) => photo('lfw', false, 0.2, i)),
  ];
  const { sure, balanced, centred } = cutoffRules(scored);
  // sure: floor(2 % of 51) = 1 mask may be missed, the second-lowest mask score.
  assert.equal(sure.cutoff, 0.9);
  assert.equal(sure.rmfdMasked, '98.0 % (50 of 51)');
  // balanced: the lowest rate is 50/51 at 0.3, 0.7 and 0.9; the middle of that run.
  assert.ok(Math.abs(balanced.cutoff - 0.6) < CUTOFF_TOLERANCE);
  // centred: sigmoid of the mean log-odds of 0.3 and 0.9.
  const logit = (p: number): number => Math.log(p / (1 - p));
  assert.ok(Math.abs(centred.cutoff - 1 / (1 + Math.exp(-(logit(0.3) + logit(0.9)) / 2))) < CUTOFF_TOLERANCE);
  assert.equal(centred.lfwUnmasked, '100.0 % (10 of 10)');
});

test('people are spread over every fold, each in [0, MASK_FOLDS)', () => {
  const counts = new Array<number>(MASK_FOLDS).fill(0);
  for (let i = 0; i < 200; i++) counts[foldOf(`person${i}`)]! += 1;
  // 200 names hashed into 5 folds: each gets some (40 on average).
  for (const c of counts) assert.ok(c > 0);
  assert.equal(counts.reduce((a, b) => a + b, 0), 200);
});
