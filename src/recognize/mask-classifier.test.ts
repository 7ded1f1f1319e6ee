import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMaskClassifier, loadMaskClassifier } from './mask-classifier.js';

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

test('a face is called masked only from the cutoff on; files without one cut at 0.5', () => {
  // One weight of 1 on a unit vector along it, bias b: probability sigmoid(1 + b).
  const model = (bias: number, cutoff?: number) => createMaskClassifier({ embedder: 'toy', weights: [1, 0], bias, heldOutAccuracy: 1, trainedOn: 'by hand', ...(cutoff === undefined ? {} : { cutoff }) });
  const probe = Float32Array.of(2, 0);
  const p = 1 / (1 + Math.exp(-1.2));
  const unsure = model(0.2, 0.9).classify(probe);
  assert.ok(Math.abs(unsure.probability - p) < PROBABILITY_TOLERANCE);
  assert.equal(unsure.masked, false);
  assert.equal(model(0.2, 0.75).classify(probe).masked, true);
  assert.equal(model(0.2).classify(probe).masked, true);
  assert.equal(model(-1).classify(probe).masked, true);
  assert.equal(model(-1.1).classify(probe).masked, false);
});
