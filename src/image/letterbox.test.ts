import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createImage } from './types.js';
import { letterbox, letterboxGeometry } from './letterbox.js';

/** Lanczos resampling blurs the edge of the content by about one pixel. */
const EDGE_TOLERANCE_PX = 1;

function whiteImage(width: number, height: number) {
  return createImage(width, height, 255);
}

/** Rows and columns whose pixels are all black. */
function borders(img: { width: number; height: number; data: Uint8Array }) {
  const isBlackRow = (y: number) => { for (let x = 0; x < img.width; x++) for (let c = 0; c < 3; c++) if (img.data[(y * img.width + x) * 3 + c]! > 8) return false; return true; };
  const isBlackCol = (x: number) => { for (let y = 0; y < img.height; y++) for (let c = 0; c < 3; c++) if (img.data[(y * img.width + x) * 3 + c]! > 8) return false; return true; };
  let top = 0; while (top < img.height && isBlackRow(top)) top++;
  let bottom = 0; while (bottom < img.height && isBlackRow(img.height - 1 - bottom)) bottom++;
  let left = 0; while (left < img.width && isBlackCol(left)) left++;
  let right = 0; while (right < img.width && isBlackCol(img.width - 1 - right)) right++;
  return { top, bottom, left, right };
}

test('a wide photo gets black bars above and below and keeps its proportions', async () => {
  const { image } = await letterbox(whiteImage(300, 150), 160);
  assert.equal(image.width, 160);
  assert.equal(image.height, 160);
  const b = borders(image);
  // 300x150 scales to 160x80: 40 black rows above and below, no side bars.
  assert.ok(Math.abs(b.top - 40) <= EDGE_TOLERANCE_PX, `top ${b.top}`);
  assert.ok(Math.abs(b.bottom - 40) <= EDGE_TOLERANCE_PX, `bottom ${b.bottom}`);
  assert.equal(b.left, 0);
  assert.equal(b.right, 0);
  const contentAspect = 160 / (160 - b.top - b.bottom);
  assert.ok(Math.abs(contentAspect - 2) < 0.06, `aspect ${contentAspect}`);
});

test('a tall photo gets bars at the sides', async () => {
  const { image } = await letterbox(whiteImage(100, 200), 160);
  const b = borders(image);
  assert.ok(Math.abs(b.left - 40) <= EDGE_TOLERANCE_PX && Math.abs(b.right - 40) <= EDGE_TOLERANCE_PX, JSON.stringify(b));
  assert.equal(b.top, 0);
});

test('a square photo fills the square', async () => {
  const { image } = await letterbox(whiteImage(50, 50), 160);
  assert.deepEqual(borders(image), { top: 0, bottom: 0, left: 0, right: 0 });
});

test('geometry: the longer side becomes the size, content centred', () => {
  assert.deepEqual(letterboxGeometry(320, 160, 160), { width: 160, height: 80, offsetX: 0, offsetY: 40, scale: 0.5 });
  assert.deepEqual(letterboxGeometry(1, 1000, 160), { width: 1, height: 160, offsetX: 79, offsetY: 0, scale: 0.16 });
});
