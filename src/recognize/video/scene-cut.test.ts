import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createImage } from '../../image/types.js';
import { CUT_THRESHOLD, frameSignature, signatureChange } from './scene-cut.js';

/** Grey levels of flat frames are exact up to float32 rounding, in 8-bit levels. */
const LEVEL_TOLERANCE = 1e-3;

test('a cut from black to grey is a change of the grey level; the same frame is no change', () => {
  const black = frameSignature(createImage(64, 36, 0));
  const grey = frameSignature(createImage(64, 36, 100));
  assert.ok(Math.abs(signatureChange(black, grey) - 100) < LEVEL_TOLERANCE);
  assert.equal(signatureChange(grey, grey), 0);
  assert.ok(signatureChange(black, grey) > CUT_THRESHOLD);
});
