import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { getTf } from '../engine/tf.js';
import { BEST_WEIGHTS_FILE, HISTORY_FILE, loadModel, readModelMeta } from '../model-folder/model-dir.js';
import { readTensorFile } from '../model-folder/tensor-file.js';
import { writeTinyDataset } from './testing/tiny-dataset.js';
import { trainModel } from './train-model.js';

const dir = mkdtempSync(join(tmpdir(), 'maskface-train-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const data = join(dir, 'data');
const out = join(dir, 'model');

/** A VGG-shaped net 8-64x narrower than VGG16, on 32x32 photos: the same code paths in a second. */
const TINY = { inputSize: 32, vgg16Blocks: [[2, 2], [2, 2], [4, 4, 4], [4, 4, 4], [8, 8, 8]], batchSize: 6, microBatchSize: 4, learningRate: 1e-3 };

test('trains a tiny VGG-shaped network, keeps the best epoch, and resumes from the last checkpoint', async () => {
  await writeTinyDataset(data, { people: 3, photosPerPerson: 6, size: 32, testPerPerson: 2 });
  const tf = await getTf();
  const warnings: string[] = [];
  const before = tf.memory().numTensors;
  const first = await trainModel({ dataDir: data, outDir: out, epochs: 2, ...TINY }, { warn: (m) => warnings.push(m) });
  assert.equal(tf.memory().numTensors, before, 'training leaves no tensors behind');
  assert.match(warnings[0] ?? '', /RANDOM weights/);
  assert.deepEqual(first.counts, { trainBeforeBalancing: 12, trainAfterBalancing: 12, test: 6, totalImages: 18 });
  assert.equal(first.predictions.truth.length, 6);

  const best = await readTensorFile<{ epoch: number }>(join(out, BEST_WEIGHTS_FILE));
  assert.equal(best.meta.epoch, first.bestEpoch);
  const meta = await readModelMeta(out);
  assert.deepEqual(meta.classes, ['person_0', 'person_1', 'person_2']);
  assert.equal(meta.initialWeights, 'random');
  assert.equal(JSON.parse(readFileSync(join(out, HISTORY_FILE), 'utf8')).length, 2);

  const resumed = await trainModel({ dataDir: data, outDir: out, epochs: 3, resume: true, ...TINY }, { warn: () => undefined });
  assert.equal(resumed.history.length, 3);
  assert.deepEqual(resumed.history.slice(0, 2), first.history);

  const model = await loadModel(tf, out);
  assert.equal(model.meta.history.length, 3);
  for (const part of [...model.net.frozen, ...model.net.trainable]) part.dispose();
});

test('balancing and the paper protocol change the rows as src/balance says', async () => {
  const result = await trainModel({ dataDir: data, outDir: join(dir, 'paper'), epochs: 1, protocol: 'paper', balance: 'oversample', ...TINY }, { warn: () => undefined });
  // 18 photos, 6 per person, already balanced: a fresh stratified 80/20 split of the whole set.
  assert.equal(result.counts.totalImages, 18);
  assert.equal(result.counts.test, 3);
});

test('with augmentation every step runs the frozen blocks (onnxruntime) on freshly augmented photos', async () => {
  const tf = await getTf();
  const before = tf.memory().numTensors;
  const result = await trainModel({ dataDir: data, outDir: join(dir, 'augmented'), epochs: 1, augment: true, ...TINY }, { warn: () => undefined });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(result.history.length, 1);
  assert.ok(Number.isFinite(result.history[0]?.loss));
});
