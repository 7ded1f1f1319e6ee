import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { decodeImage } from '../../image/io.js';
import type { Box } from '../../image/types.js';
import { dot, l2Normalize } from '../../methods/similarity.js';
import { cropAndResize, humanFaceBox, humanFaceresInput, load } from './index.js';

/**
 * maskface's copy of human's feeding against human's own ops in TensorFlow.js (the fixture): the same
 * arithmetic in another order, so only float rounding differs (cosine, unitless; 1.000000 measured).
 */
const HUMAN_WAY_MIN_COSINE = 0.9999;
/** Pixel values are compared in 0..255 units. */
const VALUE_TOLERANCE = 1e-4;

test('cropAndResize samples like tf.image.cropAndResize: corners on the box corners, bilinear between, 0 outside', () => {
  // 2x2 image, one value per pixel in all three channels: 0 10 / 20 30. Corners are divided by the
  // image's size (2), as human divides them, and map onto (size - 1) = 1 pixel: [0, 0, 2, 2] spans the image.
  const image = { width: 2, height: 2, data: Uint8Array.from([0, 0, 0, 10, 10, 10, 20, 20, 20, 30, 30, 30]) };
  const cases: Array<[readonly [number, number, number, number], number[]]> = [
    [[0, 0, 2, 2], [0, 5, 10, 10, 15, 20, 20, 25, 30]],
    [[0, 0, 1, 1], [0, 2.5, 5, 5, 7.5, 10, 10, 12.5, 15]],
    [[-2, -2, 2, 2], [0, 0, 0, 0, 0, 10, 0, 20, 30]],
  ];
  for (const [corners, expected] of cases) {
    const red = cropAndResize(image, corners, 3).filter((_, i) => i % 3 === 0);
    red.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) <= VALUE_TOLERANCE, `${corners.join(',')} value ${i}: ${v}, expected ${expected[i]}`));
  }
});

test("human's box is the detector's enlarged 1.4x about its centre, made square, corners rounded", () => {
  assert.deepEqual(humanFaceBox({ x: 10, y: 20, width: 50, height: 100 }), [-35, 0, 105, 140]);
  assert.deepEqual(humanFaceBox({ x: 0.3, y: 0.2, width: 10, height: 10 }), [-2, -2, 12, 12]);
});

test('faceres fed as human feeds it (scripts/make-faceres-human-reference.ts) gives the reference descriptor', async () => {
  const reference = JSON.parse(readFileSync('test/fixtures/faceres-human-reference.json', 'utf8')) as { photo: string; box: Box; vector: number[] };
  const image = await decodeImage(join(resolve('../shared/datasets'), reference.photo));
  const faceres = await load();
  try {
    const vector = await faceres.embedPlanes(humanFaceresInput(image, reference.box));
    const c = dot(l2Normalize(vector), l2Normalize(Float32Array.from(reference.vector)));
    assert.ok(c >= HUMAN_WAY_MIN_COSINE, `cosine to the reference ${c}`);
  } finally {
    faceres.dispose();
  }
});
