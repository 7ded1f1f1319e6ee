import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SCORE_RULE } from '../open-set.js';
import { l2Normalize } from '../../methods/similarity.js';
import { type Cohort, loadCohort } from '../../methods/cohort/cohort.js';
import { COHORT_FAR, COHORT_MASKED_FAR, cohortBestScores, cohortCalibration, cohortMaskVerdicts, currentCohortCalibration, isUserCalibration, mergeBestScores } from './cohort-calibration.js';
import { DEFAULT_EMBEDDER, EMBEDDER_NAMES } from '../embedder-names.js';
import type { GalleryEmbedding } from '../gallery.js';

const unit = (...xs: number[]): Float32Array => l2Normalize(Float32Array.from(xs));
const emb = (person: string, ...xs: number[]): GalleryEmbedding => ({ person, kind: 'unmasked', vector: unit(...xs) });

function cohortOf(vectors: Float32Array[]): Cohort {
  return { encoder: 'test', source: 'test', labels: vectors.map((_, i) => `s${i}`), vectors };
}

test('cohort calibration: best pooled score per stranger, threshold at the target FAR, incremental merge equals a full measurement', () => {
  const strangers = Array.from({ length: 50 }, (_, i) => unit(Math.cos(i), Math.sin(i), (i % 7) / 7));
  const cohort = cohortOf(strangers);
  const a = [emb('A', 1, 0, 0), emb('A', 0.9, 0.1, 0)];
  const b = [emb('B', 0, 1, 0.2)];
  const full = cohortBestScores(cohort, [...a, ...b]);
  assert.deepEqual(mergeBestScores(cohortBestScores(cohort, a), cohortBestScores(cohort, b)), full);
  const calibration = cohortCalibration(cohort, 'test', full, 3, 0.1);
  assert.equal(calibration.source, 'cohort');
  assert.equal(calibration.rule, SCORE_RULE);
  assert.equal(calibration.cohort?.samples, 3);
  // No mask classifier for this embedder: both sides take the one threshold.
  assert.deepEqual(calibration.thresholds, { masked: calibration.threshold, unmasked: calibration.threshold });
  // At most 10 % of the 50 strangers (5) score at or above the threshold.
  assert.ok(full.filter((s) => s >= calibration.threshold).length <= 5);
  assert.ok(full.filter((s) => s >= calibration.threshold - 1e-5).length >= 5);
  assert.equal(isUserCalibration(calibration), false);
  assert.equal(isUserCalibration({ ...calibration, source: 'strangers' }), true);
  assert.equal(isUserCalibration({ ...calibration, source: undefined }), true, 'calibrations from before cohorts were the user\'s');
});

test('cohort calibration is measured again when the gallery no longer holds the samples it was measured on', () => {
  const embeddings = [emb('A', 1, 0, 0), emb('B', 0, 1, 0)];
  const cohort = loadCohort(DEFAULT_EMBEDDER);
  assert.ok(cohort !== undefined, `the package ships a cohort for ${DEFAULT_EMBEDDER}`);
  const dimension = cohort.vectors[0]!.length;
  const padded = embeddings.map((e) => ({ ...e, vector: l2Normalize(Float32Array.from({ length: dimension }, (_, i) => e.vector[i % 3]! + 0.01 * Math.sin(i))) }));
  const now = currentCohortCalibration(undefined, DEFAULT_EMBEDDER, padded);
  assert.ok(now !== undefined);
  assert.equal(now.cohort?.samples, 2);
  assert.equal(currentCohortCalibration(now, DEFAULT_EMBEDDER, padded), now, 'an up-to-date calibration is used as stored');
  assert.notEqual(currentCohortCalibration(now, DEFAULT_EMBEDDER, padded.slice(0, 1)), now);
  assert.equal(currentCohortCalibration(undefined, DEFAULT_EMBEDDER, []), undefined);
});

test('the default encoder\'s cohort: masked strangers are held to their own, higher threshold', () => {
  const cohort = loadCohort(DEFAULT_EMBEDDER)!;
  const verdicts = cohortMaskVerdicts(cohort, DEFAULT_EMBEDDER);
  // Every other cohort vector is a stranger with a synthetic mask; the classifier should see most of them.
  const maskedSeen = verdicts.filter((m, i) => m && i % 2 === 1).length / (verdicts.length / 2);
  assert.ok(maskedSeen > 0.8, `mask classifier finds ${(100 * maskedSeen).toFixed(0)} % of the masked cohort`);
  const dimension = cohort.vectors[0]!.length;
  const person = (seed: number): GalleryEmbedding[] => cohort.vectors.slice(seed, seed + 4).map((v) => ({ person: `p${seed}`, kind: 'unmasked', vector: l2Normalize(v.map((x, i) => x + 0.05 * Math.sin(i * seed))) }));
  const embeddings = [...person(10), ...person(50)];
  assert.equal(embeddings[0]!.vector.length, dimension);
  const calibration = cohortCalibration(cohort, DEFAULT_EMBEDDER, cohortBestScores(cohort, embeddings), embeddings.length);
  assert.ok(calibration.thresholds !== undefined);
  assert.equal(calibration.threshold, Math.max(calibration.thresholds.masked, calibration.thresholds.unmasked));
  assert.ok(calibration.far <= Math.max(COHORT_FAR, COHORT_MASKED_FAR) + 1e-9, `far ${calibration.far}`);
  assert.deepEqual(calibration.targetFars, { masked: COHORT_MASKED_FAR, unmasked: COHORT_FAR });
  assert.ok(calibration.thresholds.masked > calibration.thresholds.unmasked, 'masked strangers still need a higher score');
});

test('every built-in encoder ships a cohort of unit vectors', () => {
  for (const name of EMBEDDER_NAMES) {
    const cohort = loadCohort(name);
    assert.ok(cohort !== undefined, `cohort of ${name}`);
    assert.ok(cohort.vectors.length >= 300, `${name}: ${cohort.vectors.length} vectors`);
    for (const v of cohort.vectors.slice(0, 5)) assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-5);
  }
});
