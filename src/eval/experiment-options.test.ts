import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { resolveExperimentOptions, resultFingerprint, resultRelevantOptions } from './experiment-options.js';

const input = { real: '/data/rmfd', simulated: '/data/lfw', out: '/tmp/report' };

test("SMOTE's k and small-class policy are recorded, and change the fingerprint only when not the defaults", () => {
  const defaults = resolveExperimentOptions(input);
  assert.deepEqual([defaults.k, defaults.smallClass], [5, 'error']);
  const recorded = resultRelevantOptions(defaults);
  assert.deepEqual([recorded.k, recorded.smallClass], [5, 'error']);
  // The fingerprint an experiment got before k and the policy were options (issue 17): it must still resume.
  const { k: _k, smallClass: _smallClass, ...before } = recorded;
  assert.equal(resultFingerprint(defaults), createHash('sha256').update(JSON.stringify(before)).digest('hex').slice(0, 16));
  const fingerprints = new Set([defaults, resolveExperimentOptions({ ...input, k: 3 }), resolveExperimentOptions({ ...input, smallClass: 'shrink' })].map(resultFingerprint));
  assert.equal(fingerprints.size, 3);
  assert.throws(() => resolveExperimentOptions({ ...input, k: 0 }), /experiment option k/);
});

test('every backbone of the head is an experiment backbone, with its own defaults and fingerprint', () => {
  const options = (['faceres', 'mobileface', 'mobileface-tuned'] as const).map((backbone) => resolveExperimentOptions({ ...input, backbone }));
  assert.deepEqual(options.map((o) => [o.backbone, o.epochs, o.learningRate]), [['faceres', 30, 1e-3], ['mobileface', 30, 1e-3], ['mobileface-tuned', 30, 1e-3]]);
  assert.equal(new Set(options.map(resultFingerprint)).size, 3);
  assert.throws(() => resolveExperimentOptions({ ...input, backbone: 'arcface' as never }), /experiment option backbone/);
});
