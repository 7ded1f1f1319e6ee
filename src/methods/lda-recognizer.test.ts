import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LdaRecognizer, type TrainingVector, trainLdaRecognizer } from './lda-recognizer.js';
import { thresholdForFalseAccept } from './open-set-threshold.js';

/** Cosine scores round-tripped through JSON may differ by float32 rounding only. */
const SCORE_TOLERANCE = 1e-5;

function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
}

/**
 * Synthetic people in 16-D: identity along their own axis (0..5), and a "mask" that adds a large
 * shift along axis 10 to every masked photo, the same for everyone: the nuisance LDA must discount.
 */
function person(index: number, masked: boolean, next: () => number): Float32Array {
  const v = new Float32Array(16);
  for (let i = 0; i < 16; i++) v[i] = 0.15 * next();
  v[index] = v[index]! + 1;
  if (masked) v[10] = v[10]! + 2.5;
  return v;
}

function dataset(seed: number): TrainingVector[] {
  const next = rng(seed);
  const out: TrainingVector[] = [];
  for (let p = 0; p < 5; p++) for (let i = 0; i < 8; i++) out.push({ label: `p${p}`, masked: i % 2 === 0, vector: person(p, i % 2 === 0, next) });
  return out;
}

test('trainLdaRecognizer names masked probes of 5 people and scores a sixth, never enrolled, below them', () => {
  const recognizer = trainLdaRecognizer(dataset(5), { pcaDimensions: 12, targetFalseAccept: 0 });
  const next = rng(99);
  let right = 0;
  let lowestGenuine = Infinity;
  for (let p = 0; p < 5; p++) {
    const prediction = recognizer.predict(person(p, true, next));
    if (prediction.label === `p${p}`) right++;
    lowestGenuine = Math.min(lowestGenuine, prediction.score);
  }
  assert.equal(right, 5);
  // Person 5 was never enrolled: masked like the others, on an identity axis of their own.
  const stranger = recognizer.predict(person(5, true, next));
  assert.ok(stranger.score < lowestGenuine);
});

test('an LdaRecognizer survives a JSON round trip', () => {
  const recognizer = trainLdaRecognizer(dataset(8), { pcaDimensions: 12 });
  const copy = LdaRecognizer.fromJSON(JSON.parse(JSON.stringify(recognizer.toJSON())));
  const probe = person(2, true, rng(3));
  const a = recognizer.predict(probe);
  const b = copy.predict(probe);
  assert.equal(b.label, a.label);
  assert.ok(Math.abs(a.score - b.score) < SCORE_TOLERANCE);
  assert.equal(copy.threshold, recognizer.threshold);
});

test('thresholdForFalseAccept accepts at most the target share of impostors', () => {
  const impostor = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
  const t = thresholdForFalseAccept(impostor, 0.2);
  assert.equal(impostor.filter((s) => s >= t).length, 2);
  assert.ok(thresholdForFalseAccept(impostor, 0) > 1.0);
});
