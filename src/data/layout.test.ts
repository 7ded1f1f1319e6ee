import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { makeRmfd, photoBytes, tempDir, writeFileMkdir } from '../../test/helpers/synthetic-dataset.js';
import { scanDataset } from './layout.js';
import { datasetStats } from './stats.js';

const SHARED_RMFD = resolve('../shared/datasets/rmfd-subset');

test('RMFD layout: people and photos per group', async () => {
  const root = await tempDir();
  await makeRmfd(root, { a: [3, 1], b: [1, 0], c: [0, 2] });
  const stats = datasetStats(await scanDataset(root));
  assert.equal(stats.layout, 'rmfd');
  assert.equal(stats.people, 3);
  assert.equal(stats.peopleWithBoth, 1);
  assert.deepEqual(stats.groups.unmasked, { people: 2, photos: 4, perPerson: { min: 1, median: 2, max: 3 } });
  assert.deepEqual(stats.groups.masked, { people: 2, photos: 3, perPerson: { min: 1, median: 1.5, max: 2 } });
});

test('RMFD folders one level down (as in the full release) are found', async () => {
  const root = await tempDir();
  await makeRmfd(join(root, 'self-built-masked-face-recognition-dataset'), { a: [1, 1] });
  assert.equal((await scanDataset(root)).layout, 'rmfd');
});

test('folder-per-person layout: a file-name rule says which photos are masked', async () => {
  const root = await tempDir();
  await writeFileMkdir(join(root, 'ann', 'ann_1.png'), await photoBytes(10, 10, 1));
  await writeFileMkdir(join(root, 'ann', 'ann_1_mask.png'), await photoBytes(10, 10, 2));
  await writeFileMkdir(join(root, 'ann', 'ann_2_covered.png'), await photoBytes(10, 10, 3));
  const byDefault = await scanDataset(root);
  assert.equal(byDefault.layout, 'folders');
  assert.equal(byDefault.people[0]!.masked.length, 1);
  const custom = await scanDataset(root, { maskedPattern: 'covered|mask' });
  assert.equal(custom.people[0]!.masked.length, 2);
});

test('an empty folder and a file are refused with a clear error', async () => {
  await assert.rejects(scanDataset(await tempDir()), /no person folders found/);
  const root = await tempDir();
  await writeFileMkdir(join(root, 'x.png'), 'x');
  await assert.rejects(scanDataset(join(root, 'x.png')), /a file, not a folder/);
});

test('the shared RMFD subset: 243 people, 1,185 unmasked and 721 masked photos', { skip: !existsSync(SHARED_RMFD) && 'no ../shared/datasets' }, async () => {
  const stats = datasetStats(await scanDataset(SHARED_RMFD));
  assert.equal(stats.people, 243);
  assert.equal(stats.groups.unmasked.photos, 1185);
  assert.equal(stats.groups.masked.photos, 721);
});
