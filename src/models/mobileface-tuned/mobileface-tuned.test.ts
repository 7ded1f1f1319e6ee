import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { embedderContractTests } from '../testing/embedder-contract.js';
import { MOBILEFACE_DIMENSION } from '../mobileface/index.js';
import { HEAD_FORMAT, MOBILEFACE_TUNED_NAME, defaultTunedHeadPath, load, readTunedHead } from './index.js';

embedderContractTests(MOBILEFACE_TUNED_NAME, MOBILEFACE_DIMENSION, () => load());

test('the shipped tuned layer records how it was made and beat the shipped MobileFace layer on the development people', async () => {
  const { meta, head } = await readTunedHead(defaultTunedHeadPath());
  assert.equal(meta.format, HEAD_FORMAT);
  assert.equal(head.outputDimension, MOBILEFACE_DIMENSION);
  assert.ok(meta.dev.score > meta.before.score, `development score ${meta.dev.score} vs shipped ${meta.before.score}`);
  assert.ok(typeof meta.recipe.trainPeople === 'number' && meta.recipe.trainPeople > 0);
});

test('a file that is not a tuned layer is refused with the file and the fix', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'maskface-tuned-'));
  try {
    await assert.rejects(readTunedHead(join(dir, 'head.bin')), /no tuned MobileFace layer there.*fit-backbone/);
    writeFileSync(join(dir, 'bad.bin'), 'not a tensor file');
    await assert.rejects(readTunedHead(join(dir, 'bad.bin')), /bad\.bin/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
