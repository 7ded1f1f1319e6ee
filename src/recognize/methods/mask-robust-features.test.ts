import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { getTf } from '../../engine/tf.js';
import { decodeImage } from '../../image/io.js';
import { MASK_ROBUST_NAME, load } from './mask-robust-features.js';
import { norm } from './vectors.js';

/** Each of the four fused parts is unit length before concatenation (float32 rounding). */
const UNIT_NORM_TOLERANCE = 1e-4;
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
