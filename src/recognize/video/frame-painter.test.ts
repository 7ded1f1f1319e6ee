import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createImage } from '../../image/types.js';
import { FramePainter } from './frame-painter.js';

test('a box is drawn in its colour, its label sits above it, and pixels elsewhere are untouched', () => {
  const frame = createImage(200, 120, 0);
  const painter = new FramePainter(200, 120);
  painter.paint(frame, [{ box: { x: 50, y: 60, width: 40, height: 40 }, label: 'Ada 0.91', color: '#ff0000' }]);
  const at = (x: number, y: number): number[] => Array.from(frame.data.subarray((y * 200 + x) * 3, (y * 200 + x) * 3 + 3));
  assert.deepEqual(at(70, 60), [255, 0, 0]);
  assert.deepEqual(at(50, 80), [255, 0, 0]);
  assert.deepEqual(at(70, 80), [0, 0, 0]);
  assert.deepEqual(at(180, 10), [0, 0, 0]);
  // The label background (red) fills the band just above the box.
  assert.deepEqual(at(52, 55), [255, 0, 0]);
});

test('boxes and labels reaching past the frame edges are clipped', () => {
  const frame = createImage(50, 40, 0);
  new FramePainter(50, 40).paint(frame, [{ box: { x: -10, y: -10, width: 80, height: 80 }, label: 'a long label that does not fit', color: '#00ff00' }]);
  assert.equal(frame.data.length, 50 * 40 * 3);
});
