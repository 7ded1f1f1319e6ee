import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Command } from 'commander';
import { RMFD, rmfdPhotos, samplePeople, skipWithoutRmfd, writeRmfdSample } from '../../test/helpers/rmfd-sample.js';
import { register as registerTrain } from '../cli/train.js';
import { getTf } from '../engine/tf.js';
import { LDA_RECOGNIZER_FILE, loadModelEmbedder, readLdaModel } from '../model-folder/lda-model-dir.js';
import { MODEL_FILE } from '../model-folder/model-dir.js';
import { evaluateModel } from './evaluate.js';
import { FeatureCache } from './feature-cache.js';
import { featurePreprocessing } from './photos.js';
import { trainModel } from './train-model.js';

const dir = mkdtempSync(join(tmpdir(), 'maskface-lda-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const data = join(dir, 'data');
const PEOPLE = 3;
const skip = skipWithoutRmfd;

test('--method lda trains on real RMFD faces, writes model.json + the LDA JSON, and evaluate reports like any model', { skip }, async () => {
  await writeRmfdSample(data, PEOPLE);
  const out = join(dir, 'lda');
  const tf = await getTf();
  const before = tf.memory().numTensors;
  const result = await trainModel({ method: 'lda', dataDir: data, outDir: out });
  assert.equal(result.classes.length, PEOPLE);
  assert.deepEqual(result.counts, { trainBeforeBalancing: 9, trainAfterBalancing: 9, test: 6, totalImages: 15 });
  assert.equal(result.predictions.predicted.length, 6);
  assert.ok(result.predictions.predicted.every((c) => c >= 0 && c < PEOPLE));

  const meta = JSON.parse(readFileSync(join(out, MODEL_FILE), 'utf8'));
  assert.equal(meta.method, 'lda');
  assert.equal(meta.recognizer, LDA_RECOGNIZER_FILE);
  const model = await readLdaModel(out);
  assert.equal(model.recognizer.threshold, meta.threshold);

  const report = await evaluateModel(out, data);
  assert.equal(tf.memory().numTensors, before, 'training and evaluation leave no tensors behind');
  assert.equal(report.split, 'test');
  assert.deepEqual([report.n, report.nMasked, report.nUnmasked], [6, 3, 3]);
  for (const key of ['accuracy', 'maskedAccuracy', 'unmaskedAccuracy', 'macroF1', 'perPerson', 'confusion', 'unknownPeople'] as const) assert.ok(key in report, key);
  assert.equal(report.confusion.matrix.flat().reduce((a, b) => a + b, 0), 6);
  // The same photos and model: the answers at training time and from the folder agree.
  assert.equal(report.accuracy, result.bestValAccuracy);

  const embedder = await loadModelEmbedder(meta.embedder);
  embedder.dispose();
  const cache = await FeatureCache.open(data, { backbone: meta.embedder, dimension: meta.dimension, preprocessing: featurePreprocessing(160, embedder.variant) });
  assert.equal(cache.size, 15, 'every photo embedded once, cached by hash, embedder and its variant');
});

test('an lda model of another feature set (mask-robust, before test-time flips and ArcFace) evaluates with its own embedder', { skip }, async () => {
  const out = join(dir, 'lda-mask-robust');
  await trainModel({ method: 'lda', dataDir: data, outDir: out, features: 'mask-robust', background: false });
  const metaPath = join(out, MODEL_FILE);
  const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
  const model = await readLdaModel(out);
  assert.equal(model.meta.embedder, 'mask-robust');
  const report = await evaluateModel(out, data);
  assert.equal(report.n, 6);
  const cache = await FeatureCache.open(data, { backbone: 'mask-robust', dimension: meta.dimension, preprocessing: 'letterbox160' });
  assert.equal(cache.size, 15, 'the photos embedded by the unflipped embedder, cached under its name');
  writeFileSync(metaPath, JSON.stringify({ ...meta, embedder: 'no-such-embedder' }));
  await assert.rejects(readLdaModel(out), (err: Error & { code?: string }) => err.code === 'MF_BAD_WEIGHTS' && /Train the model again/.test(err.message));
  writeFileSync(metaPath, JSON.stringify(meta));
});

test('maskface train with no method option trains lda; a head option keeps the head', { skip }, async () => {
  const program = new Command().exitOverride();
  registerTrain(program);
  const printed: string[] = [];
  const log = console.log;
  console.log = (line: string) => printed.push(line);
  try {
    await program.parseAsync(['train', data, '--out', join(dir, 'default'), '--json'], { from: 'user' });
    await assert.rejects(program.parseAsync(['train', data, '--out', join(dir, 'bad'), '--method', 'lda', '--backbone', 'faceres'], { from: 'user' }), /--method head/);
  } finally {
    console.log = log;
  }
  assert.equal(JSON.parse(printed[0] ?? '{}').method, 'lda');
  const meta = JSON.parse(readFileSync(join(dir, 'default', MODEL_FILE), 'utf8'));
  assert.equal(meta.format, 'maskface-lda');
  // With no option the shipped background cohort (RMFD people outside every test and dev set) shapes the projection.
  assert.equal(meta.background, 'shipped cohort');
  assert.ok(meta.counts.backgroundPeople >= 100, `${meta.counts.backgroundPeople} background people`);
});

test('--background: other people shape the projection; enrolled people are left out of it; --no-background: nobody', { skip }, async () => {
  // A raw RMFD-layout folder: 2 people after the enrolled ones, 1 masked + 1 unmasked photo each, plus an enrolled person.
  const background = join(dir, 'background');
  for (const person of [...samplePeople().slice(PEOPLE, PEOPLE + 2), samplePeople()[0]!]) {
    for (const group of ['AFDB_face_dataset', 'AFDB_masked_face_dataset']) {
      await mkdir(join(background, group, person), { recursive: true });
      const file = rmfdPhotos(group, person)[0]!;
      await copyFile(join(RMFD, group, person, file), join(background, group, person, file));
    }
  }
  const out = join(dir, 'lda-background');
  await trainModel({ method: 'lda', dataDir: data, outDir: out, background });
  const meta = JSON.parse(readFileSync(join(out, MODEL_FILE), 'utf8'));
  assert.deepEqual([meta.counts.backgroundPeople, meta.counts.backgroundPhotos, meta.background], [2, 4, background]);
  assert.equal((await evaluateModel(out, data)).n, 6);
  const alone = join(dir, 'lda-no-background');
  await trainModel({ method: 'lda', dataDir: data, outDir: alone, background: false });
  const aloneMeta = JSON.parse(readFileSync(join(alone, MODEL_FILE), 'utf8'));
  assert.deepEqual([aloneMeta.counts.backgroundPeople, aloneMeta.background], [0, 'none']);
  await assert.rejects(trainModel({ method: 'lda', dataDir: data, outDir: join(dir, 'bad-background'), background: data }), /background people need at least 2/);
  await assert.rejects(trainModel({ dataDir: data, outDir: join(dir, 'bad-head'), background }), /--method lda/);
});
