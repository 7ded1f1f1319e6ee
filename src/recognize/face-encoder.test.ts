import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { loadDetector } from '../face/index.js';
import { decodeImage } from '../image/io.js';
import { FACERES_UPPER_DLIB_MOBILEFACE_WEIGHTS, FACERES_UPPER_DLIB_NAME, FACERES_UPPER_DLIB_MOBILEFACE_NAME, loadFaceEncoder } from './face-encoder.js';
import { dot } from '../methods/similarity.js';

/** Float32 rounding of a few thousand products, and of the part scaling. */
const VECTOR_TOLERANCE = 1e-5;
const PHOTO = resolve('../shared/datasets/lfw/Adrien_Brody/Adrien_Brody_0001.jpg');

test('MobileFace fused after the default encoder leaves the default parts as they were, rescaled by their share of the weights', async () => {
  const detector = await loadDetector({ kind: 'mtcnn' });
  const old = await loadFaceEncoder(FACERES_UPPER_DLIB_NAME);
  const extended = await loadFaceEncoder(FACERES_UPPER_DLIB_MOBILEFACE_NAME);
  try {
    const image = await decodeImage(PHOTO);
    const [face] = await detector.detect(image, { minScore: 0.8, maxFaces: 1 });
    assert.ok(face?.landmarks5?.length === 5);
    const before = await old.encode(image, face);
    const after = await extended.encode(image, face);
    assert.equal(before.length, 1024 + 1024 + 128);
    assert.equal(after.length, before.length + 256);
    assert.ok(Math.abs(dot(after, after) - 1) < VECTOR_TOLERANCE);
    const w = FACERES_UPPER_DLIB_MOBILEFACE_WEIGHTS;
    const share = Math.sqrt((1 + w.upper + w.dlib) / (1 + w.upper + w.dlib + w.mobileface));
    for (let i = 0; i < before.length; i++) assert.ok(Math.abs(after[i]! - share * before[i]!) < VECTOR_TOLERANCE, `component ${i}`);
  } finally {
    old.dispose();
    extended.dispose();
    detector.dispose();
  }
});
