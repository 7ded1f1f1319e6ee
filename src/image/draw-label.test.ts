import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCanvas } from '@napi-rs/canvas';
import { drawDetections, fitLabel } from './draw.js';

/** Side of a prepared face crop (`dataset prepare --size`), px: the demo draws its answer on one. */
const CROP_PX = 160;

test('a label wider than a 160 px face crop wraps at " · " and fits, instead of being clipped (issue 25)', () => {
  const ctx = createCanvas(CROP_PX, CROP_PX).getContext('2d');
  const fitted = fitLabel(ctx, 'unknown 0.22 · no mask', 14, CROP_PX - 4);
  assert.deepEqual(fitted.lines, ['unknown 0.22', 'no mask']);
  assert.ok(fitted.fontSize >= 9);
  for (const line of fitted.lines) assert.ok(ctx.measureText(line).width <= CROP_PX - 4, line);
  // A label that fits stays on one line at its size.
  assert.deepEqual(fitLabel(ctx, 'Ada 0.91', 14, CROP_PX - 4), { lines: ['Ada 0.91'], fontSize: 14 });
});

test('drawing a long label on a face crop keeps the photo size', () => {
  const image = { width: CROP_PX, height: CROP_PX, data: new Uint8Array(CROP_PX * CROP_PX * 3) };
  const drawn = drawDetections(image, [{ box: { x: 0, y: 0, width: CROP_PX, height: CROP_PX } }], [{ label: 'a-rather-long-name 0.64 · no mask', color: '#32cd32' }]);
  assert.equal(drawn.width, CROP_PX);
  assert.equal(drawn.height, CROP_PX);
});
