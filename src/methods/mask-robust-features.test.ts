import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { getTf } from '../engine/tf.js';
import { decodeImage } from '../image/io.js';
import { faceView } from './face-views.js';
import { MASK_ROBUST_NAME, MASK_ROBUST_NO_FLIP_NAME, load } from './mask-robust-features.js';
import { dot, norm } from './vectors.js';

/** Each of the four fused parts is unit length before concatenation (float32 rounding). */
const UNIT_NORM_TOLERANCE = 1e-4;
/** Cosine between the vectors of a face and of its mirror image with flips on (the same four view pairs, resampled). */
const MIRROR_COSINE_MIN = 0.999;
const FIXTURE = join('test', 'fixtures', 'rmfd-mini', 'AFDB_masked_face_dataset', 'chenhe', '0_0_0.jpg');

test('the mask-robust embedder fuses four unit-length parts (2,304-D) and leaves no tensor behind', async () => {
  const tf = await getTf();
  const embedder = await load();
  try {
    assert.equal(embedder.name, MASK_ROBUST_NAME);
    assert.equal(embedder.dimension, 1024 + 1024 + 128 + 128);
    const face = await decodeImage(FIXTURE);
    await embedder.embed(face);
    const before = tf.memory().numTensors;
    const vector = await embedder.embed(face);
    assert.equal(tf.memory().numTensors, before);
    assert.equal(vector.length, embedder.dimension);
    let offset = 0;
    for (const size of [1024, 1024, 128, 128]) {
      assert.ok(Math.abs(norm(vector.subarray(offset, offset + size)) - 1) < UNIT_NORM_TOLERANCE);
      offset += size;
    }
  } finally {
    embedder.dispose();
  }
});

test('with test-time flips a face and its mirror image get the same vector; without, they differ', async () => {
  const face = await decodeImage(FIXTURE);
  const mirror = faceView(face, 'full-flip');
  const flipped = await load();
  const plain = await load({ flip: false });
  try {
    assert.equal(plain.name, MASK_ROBUST_NO_FLIP_NAME);
    const a = await flipped.embed(face);
    const b = await flipped.embed(mirror);
    assert.ok(dot(a, b) / (norm(a) * norm(b)) > MIRROR_COSINE_MIN);
    const c = await plain.embed(face);
    const d = await plain.embed(mirror);
    assert.ok(dot(c, d) / (norm(c) * norm(d)) < dot(a, b) / (norm(a) * norm(b)));
  } finally {
    flipped.dispose();
    plain.dispose();
  }
});
