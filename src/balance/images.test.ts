import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { decodeImage } from '../image/io.js';
import { writeSyntheticImages } from './images.js';
import { createRng } from './random.js';
import { smote } from './smote.js';

test('SMOTE photos are written as PNGs named after their parents, pixels unchanged', async () => {
  const side = 6;
  const rowLength = side * side * 3;
  const rng = createRng(4);
  const labels = [0, 0, 0, 0, 1, 1];
  const samples = { data: Uint8Array.from({ length: labels.length * rowLength }, () => rng.int(256)), rowLength, labels };
  const result = smote(samples, { k: 1 });
  assert.equal(result.synthetic.count, 2);
  const dir = await mkdtemp(join(tmpdir(), 'maskface-smote-images-'));
  try {
    const paths = await writeSyntheticImages(result.synthetic, side, side, dir);
    for (const [j, path] of paths.entries()) {
      assert.match(basename(path), new RegExp(`^smote-${j}-class1-from-${result.synthetic.parents[2 * j]}\\+${result.synthetic.parents[2 * j + 1]}\\.png$`));
      const image = await decodeImage(path);
      assert.deepEqual(image.data, result.synthetic.data.subarray(j * rowLength, (j + 1) * rowLength));
    }
    await assert.rejects(writeSyntheticImages(result.synthetic, side + 1, side, dir), { code: 'MF_INVALID_ARGUMENT' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
