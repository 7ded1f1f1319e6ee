import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadMaskClassifier } from './mask-classifier.js';

/** The scaled copy differs from the original by float32 rounding: probabilities (0..1) agree to this. */
const PROBABILITY_TOLERANCE = 1e-6;

test('a composite encoder (faceres+upper) reads the whole-chip part with the faceres classifier', () => {
  const faceres = loadMaskClassifier('faceres');
  const composite = loadMaskClassifier('faceres+upper');
  assert.ok(faceres !== undefined && composite !== undefined);
  assert.equal(composite.embedder, 'faceres+upper');
  assert.equal(composite.dimension, faceres.dimension);
  const whole = Float32Array.from({ length: faceres.dimension }, (_, i) => Math.sin(i));
  const appended = new Float32Array(2 * faceres.dimension);
  // The whole chip's part is scaled (as the encoder does) and followed by an unrelated upper view.
  whole.forEach((x, i) => { appended[i] = x * Math.sqrt(2 / 3); });
  appended.fill(0.7, faceres.dimension);
  const direct = faceres.classify(whole);
  const viaComposite = composite.classify(appended);
  assert.equal(viaComposite.masked, direct.masked);
  assert.ok(Math.abs(viaComposite.probability - direct.probability) < PROBABILITY_TOLERANCE);
  assert.equal(loadMaskClassifier('no-such-embedder'), undefined);
});
