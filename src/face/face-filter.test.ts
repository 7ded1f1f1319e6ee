import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createImage } from '../image/types.js';
import { faceFilter } from './face-filter.js';
import type { DetectOptions, FaceDetection, FaceDetector } from './types.js';

/** A detector that answers what it is told, and records the options it was called with. */
function fakeDetector(faces: FaceDetection[]): FaceDetector & { calls: DetectOptions[]; disposed: boolean } {
  return {
    name: 'fake',
    calls: [],
    disposed: false,
    async detect(_image, options = {}) {
      this.calls.push(options);
      return faces.filter((f) => f.score >= (options.minScore ?? 0));
    },
    dispose() {
      this.disposed = true;
    },
  };
}

const photo = (group: 'masked' | 'unmasked') => ({ person: 'p', group, source: `/data/${group}.jpg` });
const image = createImage(100, 100);

test('an unmasked photo without a face at the threshold is left out with that reason', async () => {
  const detector = fakeDetector([{ box: { x: 10, y: 10, width: 50, height: 50 }, score: 0.8 }]);
  const filter = faceFilter(detector, { minScore: 0.85, padding: 0 });
  assert.deepEqual(await filter.check(image, photo('unmasked')), { keep: false, reason: 'no face found at score >= 0.85' });
  assert.equal(detector.calls[0]?.minScore, 0.85);
  filter.dispose?.();
  assert.ok(detector.disposed, 'the filter owns its detector');
});

test('masked photos are kept unchecked unless checkMasked', async () => {
  const detector = fakeDetector([]);
  assert.deepEqual(await faceFilter(detector).check(image, photo('masked')), { keep: true });
  assert.equal(detector.calls.length, 0, 'no detection spent on masked photos');
  assert.equal((await faceFilter(detector, { checkMasked: true }).check(image, photo('masked'))).keep, false);
});

test('cropToFace returns the best face box grown by the margin and clipped to the photo', async () => {
  const detector = fakeDetector([{ box: { x: 20, y: 30, width: 40, height: 50 }, score: 0.99 }]);
  const verdict = await faceFilter(detector, { cropToFace: true, cropMargin: 0.5, padding: 0 }).check(image, photo('unmasked'));
  assert.deepEqual(verdict, { keep: true, crop: { x: 0, y: 5, width: 80, height: 95 } });
  const padded = await faceFilter(detector, { cropToFace: true, cropMargin: 0, padding: 0.1 }).check(image, photo('unmasked'));
  // The detector saw a 10 px border, so its box is moved back by 10 px.
  assert.deepEqual(padded, { keep: true, crop: { x: 10, y: 20, width: 40, height: 50 } });
  assert.throws(() => faceFilter(detector, { minScore: 2 }), (err: Error & { code?: string }) => err.code === 'MF_INVALID_ARGUMENT');
});
