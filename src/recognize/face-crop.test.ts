import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createImage } from '../image/types.js';
import { cropFaceChip, eyeRoll, mirror } from './face-crop.js';

/** Bilinear sampling of a flat colour reproduces it up to rounding, in 8-bit levels. */
const LEVEL_TOLERANCE = 1;
const ANGLE_TOLERANCE_RAD = 1e-9;

test('a chip is centred on the box, scaled, and black outside the photo', () => {
  const image = createImage(100, 100, 0);
  for (let y = 40; y < 60; y++) for (let x = 40; x < 60; x++) image.data.set([200, 100, 50], (y * 100 + x) * 3);
  const face = { box: { x: 40, y: 40, width: 20, height: 20 }, score: 1 };
  const tight = cropFaceChip(image, face, { scale: 1, size: 10 });
  assert.equal(tight.width, 10);
  for (let i = 0; i < tight.data.length; i += 3) assert.ok(Math.abs(tight.data[i]! - 200) <= LEVEL_TOLERANCE);
  const loose = cropFaceChip(image, face, { scale: 2, size: 20 });
  assert.equal(loose.data[0], 0);
  assert.ok(Math.abs(loose.data[(10 * 20 + 10) * 3 + 1]! - 100) <= LEVEL_TOLERANCE);
});

test('the eye roll follows the eye landmarks, and alignment rotates the chip', () => {
  const face = { box: { x: 0, y: 0, width: 10, height: 10 }, score: 1, landmarks5: [{ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 5, y: 5 }, { x: 2, y: 8 }, { x: 8, y: 8 }] };
  assert.ok(Math.abs(eyeRoll(face) - Math.PI / 4) < ANGLE_TOLERANCE_RAD);
  assert.equal(eyeRoll({ box: face.box, score: 1 }), 0);
  // A vertical stripe in a photo tilted by 90 degrees becomes a horizontal stripe in the chip.
  const image = createImage(21, 21, 0);
  for (let y = 0; y < 21; y++) image.data.set([255, 255, 255], (y * 21 + 10) * 3);
  const tilted = { box: { x: 0, y: 0, width: 21, height: 21 }, score: 1, landmarks5: [{ x: 10, y: 5 }, { x: 10, y: 15 }] };
  const chip = cropFaceChip(image, tilted, { scale: 1, size: 21 });
  assert.ok(chip.data[(10 * 21 + 3) * 3]! > 200);
  assert.ok(chip.data[(3 * 21 + 10) * 3]! < 50);
});

test('mirror flips a chip left to right', () => {
  const image = createImage(3, 1, 0);
  image.data.set([10, 20, 30], 0);
  const flipped = mirror(image);
  assert.deepEqual(Array.from(flipped.data.subarray(6, 9)), [10, 20, 30]);
  assert.deepEqual(Array.from(flipped.data.subarray(0, 3)), [0, 0, 0]);
});
