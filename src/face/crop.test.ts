import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cropFace, expandBox, padImage } from './crop.js';

test('cropFace adds the margin on each side, clips to the photo and copies the right pixels', () => {
  const width = 100;
  const height = 80;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x, y, 7], (y * width + x) * 3);
  const crop = cropFace({ width, height, data }, { x: 20, y: 10, width: 40, height: 30 }, 0.25);
  // 40x30 grows by 10 and 7.5 px a side: x 10..70, y 2..48 (rounded outwards).
  assert.deepEqual([crop.width, crop.height], [60, 46]);
  assert.deepEqual([...crop.data.subarray(0, 3)], [10, 2, 7]);
  assert.deepEqual(expandBox({ x: 90, y: 70, width: 20, height: 20 }, 0.5, width, height), { x: 80, y: 60, width: 20, height: 20 });
  assert.throws(() => expandBox({ x: 200, y: 200, width: 5, height: 5 }, 0, width, height), /overlapping/);
});

test('padImage puts the photo on a black border of the given share of its longer side', () => {
  const { image, offset } = padImage({ width: 4, height: 2, data: new Uint8Array(24).fill(200) }, 0.5);
  assert.equal(offset, 2);
  assert.deepEqual([image.width, image.height], [8, 6]);
  assert.equal(image.data[0], 0);
  assert.equal(image.data[(2 * 8 + 2) * 3], 200);
});
