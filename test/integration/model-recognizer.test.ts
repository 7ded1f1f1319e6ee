/**
 * Training and recognition meet here, outside both stages (src/stages.test.ts keeps src/train and
 * src/recognize apart): a model folder written by `trainModel` is read by the recognizer that
 * `maskface recognize <model-dir>` uses.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { getTf } from '../../src/engine/tf.js';
import { decodeImage } from '../../src/image/io.js';
import { writeTinyDataset } from '../../src/train/testing/tiny-dataset.js';
import { trainModel } from '../../src/train/train-model.js';
import { ModelRecognizer } from '../../src/recognize/model-recognizer.js';
import { UNKNOWN } from '../../src/recognize/open-set.js';

/** A VGG-shaped network small enough to train for one epoch in a test (as src/train's tests do). */
const TINY = { inputSize: 32, vgg16Blocks: [[2, 2], [2, 2], [4, 4, 4], [4, 4, 4], [8, 8, 8]], batchSize: 6, microBatchSize: 4, learningRate: 1e-3 };
const PROBABILITY_TOLERANCE = 1e-5;
const dir = mkdtempSync(join(tmpdir(), 'maskface-model-recognizer-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a trained model folder names a face with a class probability, unknown below the threshold, without leaking tensors', async () => {
  const data = join(dir, 'data');
  await writeTinyDataset(data, { people: 3, photosPerPerson: 6, size: 32, testPerPerson: 2 });
  await trainModel({ dataDir: data, outDir: join(dir, 'model'), epochs: 1, ...TINY }, { warn: () => undefined });
  const photo = await decodeImage(join(data, 'unmasked', 'person_1', '1.png'));
  const face = { box: { x: 0, y: 0, width: photo.width, height: photo.height }, score: 1 };
  const tf = await getTf();
  const recognizer = await ModelRecognizer.load(join(dir, 'model'), { threshold: 0 });
  const before = tf.memory().numTensors;
  const result = await recognizer.recognize(photo, face);
  assert.equal(tf.memory().numTensors, before);
  assert.ok(recognizer.people.includes(result.name));
  const total = result.candidates.reduce((s, c) => s + c.score, 0);
  assert.ok(Math.abs(total - 1) < PROBABILITY_TOLERANCE, `3 classes' probabilities sum to ${total}`);
  recognizer.dispose();
  const strict = await ModelRecognizer.load(join(dir, 'model'), { threshold: 1 });
  assert.equal((await strict.recognize(photo, face)).name, UNKNOWN);
  strict.dispose();
});
