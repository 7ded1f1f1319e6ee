import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RgbImage } from '../image/types.js';
import { UPPER_FACE_FRACTION, faceView, resampleRegion } from './face-views.js';

/** Bilinear sampling of a linear ramp is exact up to rounding to whole grey levels. */
const GREY_TOLERANCE = 1;

/** A 10x10 image whose red channel is the column, green the row, blue 0. */
function ramp(): RgbImage {
  const data = new Uint8Array(10 * 10 * 3);
  for (let y = 0; y < 10; y++) for (let x = 0; x < 10; x++) data.set([x * 10, y * 10, 0], (y * 10 + x) * 3);
  return { width: 10, height: 10, data };
}

test('resampleRegion at the same size copies, and mirrors left-right when asked', () => {
  const image = ramp();
  assert.deepEqual(resampleRegion(image, { x: 0, y: 0, width: 10, height: 10 }, 10, 10).data, image.data);
  const mirrored = resampleRegion(image, { x: 0, y: 0, width: 10, height: 10 }, 10, 10, true);
  assert.equal(mirrored.data[0], 90);
  assert.equal(mirrored.data[9 * 3], 0);
});

test('the upper view keeps the top UPPER_FACE_FRACTION of the face, stretched to a square', () => {
  const view = faceView(ramp(), 'upper', 10);
  assert.equal(view.width, 10);
  assert.equal(view.height, 10);
  const lastRowGreen = view.data[(9 * 10) * 3 + 1]!;
  // Output row 9's centre maps to source row (9 + 0.5) * 0.55 - 0.5; green is 10 x the row.
  const expected = ((9 + 0.5) * UPPER_FACE_FRACTION - 0.5) * 10;
  assert.ok(Math.abs(lastRowGreen - expected) <= GREY_TOLERANCE);
});
