import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drawDetections } from './draw.js';
import { createImage } from './types.js';

/** Anti-aliased strokes blend into neighbours; a stroke pixel keeps most of its colour. */
const COLOUR_TOLERANCE = 40;

test('drawDetections strokes each box in its colour on a copy, leaving the input untouched', () => {
  const photo = createImage(200, 100, 0);
  const drawn = drawDetections(photo, [
    { box: { x: 20, y: 20, width: 60, height: 60 }, score: 0.9 },
    { box: { x: 120, y: 30, width: 50, height: 50 } },
  ], [undefined, { color: '#ff0000', label: 'Ada' }]);
  assert.deepEqual([drawn.width, drawn.height], [200, 100]);
  assert.ok(photo.data.every((v) => v === 0), 'input unchanged');
  const px = (x: number, y: number) => [...drawn.data.subarray((y * 200 + x) * 3, (y * 200 + x) * 3 + 3)];
  const [r, g, b] = px(20, 50); // left edge of the first box: lime green #32cd32
  assert.ok(Math.abs(r! - 0x32) < COLOUR_TOLERANCE && Math.abs(g! - 0xcd) < COLOUR_TOLERANCE && Math.abs(b! - 0x32) < COLOUR_TOLERANCE, `${r},${g},${b}`);
  const [r2, g2] = px(170, 60); // right edge of the second box: red
  assert.ok(r2! > 255 - COLOUR_TOLERANCE && g2! < COLOUR_TOLERANCE, `${r2},${g2}`);
  assert.deepEqual(px(50, 50), [0, 0, 0], 'inside a box stays as it was');
});
