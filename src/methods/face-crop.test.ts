import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TEMPLATE_112, alignFace } from '../face/align.js';
import { createImage } from '../image/types.js';
import { cropFaceChip, eyeRoll, mirror, upperView } from './face-crop.js';

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

test('the upper view keeps the top of the chip, stretched to the chip size', () => {
  const chip = createImage(10, 10, 0);
  // Rows 0-5 white: the top half (rows 0-4) plus the row its last samples blend with.
  for (let y = 0; y < 6; y++) for (let x = 0; x < 10; x++) chip.data.set([255, 255, 255], (y * 10 + x) * 3);
  const top = upperView(chip, 0.5);
  assert.deepEqual([top.width, top.height], [10, 10]);
  for (let i = 0; i < top.data.length; i += 3) assert.ok(top.data[i]! > 255 - LEVEL_TOLERANCE);
  assert.throws(() => upperView(chip, 0), { code: 'MF_INVALID_ARGUMENT' });
});

test("ArcFace alignment warps the five landmarks onto the template; without them the chip is the box's", () => {
  const image = createImage(200, 200, 0);
  // Landmarks placed exactly on the template scaled 2x and shifted by (20, 10): the chip is that square.
  const landmarks5 = TEMPLATE_112.map((p) => ({ x: 20 + 2 * p.x, y: 10 + 2 * p.y }));
  for (let y = 0; y < 200; y++) for (let x = 0; x < 200; x++) image.data.set([x, y, 7], (y * 200 + x) * 3);
  const face = { box: { x: 60, y: 60, width: 80, height: 80 }, score: 1, landmarks5 };
  const chip = cropFaceChip(image, face, { scale: 1, size: 112, align: 'arcface' });
  assert.deepEqual(chip.data.subarray((50 * 112 + 30) * 3, (50 * 112 + 30) * 3 + 3), alignFace(image, landmarks5, 112).data.subarray((50 * 112 + 30) * 3, (50 * 112 + 30) * 3 + 3));
  // Chip pixel (30, 50) samples the photo at (20 + 2 * 30.5 - 0.5, 10 + 2 * 50.5 - 0.5) = (80.5, 110.5): red ~ x, green ~ y.
  assert.ok(Math.abs(chip.data[(50 * 112 + 30) * 3]! - 80.5) <= LEVEL_TOLERANCE);
  assert.ok(Math.abs(chip.data[(50 * 112 + 30) * 3 + 1]! - 110.5) <= LEVEL_TOLERANCE);
  const noLandmarks = { box: face.box, score: 1 };
  assert.deepEqual(cropFaceChip(image, noLandmarks, { scale: 1, size: 112, align: 'arcface' }), cropFaceChip(image, noLandmarks, { scale: 1, size: 112 }));
});
