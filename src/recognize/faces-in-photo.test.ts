import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DetectOptions, FaceDetection, FaceDetector } from '../face/types.js';
import type { RgbImage } from '../image/types.js';
import { TIGHT_CROP_PADDING, detectFaces, looksLikeFaceCrop, mainFace } from './faces-in-photo.js';

/** A detector that finds one face only on images at least `minSide` wide, at a fixed place, and records the sizes it saw. */
function fakeDetector(minSide: number): FaceDetector & { seen: number[] } {
  const seen: number[] = [];
  return {
    name: 'fake',
    seen,
    async detect(image: RgbImage, _options?: DetectOptions): Promise<FaceDetection[]> {
      seen.push(image.width);
      if (image.width < minSide) return [];
      return [{ box: { x: 50, y: 60, width: 100, height: 100 }, score: 0.9, landmarks5: [{ x: 80, y: 90 }, { x: 120, y: 90 }, { x: 100, y: 110 }, { x: 85, y: 130 }, { x: 115, y: 130 }] }];
    },
    dispose() {},
  };
}
/** A photo with some texture (a flat one is never taken whole as a face). */
const image = (width: number, height: number): RgbImage => ({ width, height, data: new Uint8Array(width * height * 3).map((_, i) => (i * 37) % 251) });

test('a face the detector finds on the photo is taken as it is', async () => {
  const detector = fakeDetector(0);
  const [face] = await detectFaces(detector, image(160, 160), 0.8);
  assert.equal(face?.origin, 'detector');
  assert.deepEqual(face?.box, { x: 50, y: 60, width: 100, height: 100 });
  assert.deepEqual(detector.seen, [160]);
});

test('a tight crop is searched again padded with black; box and landmarks come back in the photo\'s pixels', async () => {
  const detector = fakeDetector(161);
  const [face] = await detectFaces(detector, image(160, 160), 0.8);
  const offset = Math.round(160 * TIGHT_CROP_PADDING);
  assert.deepEqual(detector.seen, [160, 160 + 2 * offset]);
  assert.equal(face?.origin, 'padded');
  assert.deepEqual(face?.box, { x: 50 - offset, y: 60 - offset, width: 100, height: 100 });
  assert.deepEqual(face?.landmarks5?.[0], { x: 80 - offset, y: 90 - offset });
});

test('a face-crop-shaped photo where no pass finds a face is taken whole; a large photo is not', async () => {
  const [face] = await detectFaces(fakeDetector(10_000), image(150, 180), 0.8);
  assert.equal(face?.origin, 'whole-photo');
  assert.deepEqual(face?.box, { x: 0, y: 0, width: 150, height: 180 });
  assert.deepEqual(await detectFaces(fakeDetector(10_000), image(800, 600), 0.8), []);
  assert.deepEqual(await detectFaces(fakeDetector(10_000), image(300, 100), 0.8), [], 'a strip is no face crop');
  assert.deepEqual(await detectFaces(fakeDetector(10_000), image(150, 150), 0.8, { wholePhoto: false }), []);
  assert.equal(looksLikeFaceCrop(image(400, 400)), true);
  assert.equal(looksLikeFaceCrop({ width: 200, height: 200, data: new Uint8Array(200 * 200 * 3).fill(128) }), false, 'a flat grey picture');
  assert.equal(looksLikeFaceCrop(image(401, 401)), false);
  await assert.rejects(mainFace(fakeDetector(10_000), image(800, 600), 'big.jpg', 0.8), (err: Error & { code?: string }) => err.code === 'MF_NO_FACE' && err.message.startsWith('big.jpg: no face found'));
});
