import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { Command } from 'commander';
import { register as registerTrain } from '../cli/train.js';
import { type ManifestEntry, writeManifest } from '../data/manifest.js';
import { getTf } from '../engine/tf.js';
import { decodeImage } from '../image/io.js';
import { LdaModelRecognizer } from '../recognize/lda-model-recognizer.js';
import { evaluateModel } from './evaluate.js';
import { FeatureCache } from './feature-cache.js';
import { LDA_RECOGNIZER_FILE, readLdaModel } from './lda-model.js';
import { MODEL_FILE } from '../model-folder/model-dir.js';
import { trainModel } from './train-model.js';

const RMFD = resolve('../shared/datasets/rmfd-subset');
const skip = existsSync(RMFD) ? false : 'needs ../shared/datasets/rmfd-subset';
const dir = mkdtempSync(join(tmpdir(), 'maskface-lda-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const data = join(dir, 'data');
const PEOPLE = 3;

/**
 * A prepared folder of 3 real RMFD people (the first by name with 2 masked and 3 unmasked photos):
 * 2 unmasked + 1 masked photo each to train on, 1 masked + 1 unmasked to test. RMFD photos are
 * already 160x160 tight crops, as `maskface dataset prepare` writes them.
 */
const list = (group: string, person: string): string[] => readdirSync(join(RMFD, group, person)).sort();
const samplePeople = (): string[] => readdirSync(join(RMFD, 'AFDB_masked_face_dataset')).sort()
  .filter((p) => list('AFDB_masked_face_dataset', p).length >= 2 && existsSync(join(RMFD, 'AFDB_face_dataset', p)) && list('AFDB_face_dataset', p).length >= 3);

async function writeRmfdSample(out: string): Promise<void> {
  const people = samplePeople().slice(0, PEOPLE);
  const entries: ManifestEntry[] = [];
  for (const person of people) {
    const picks = [
      ...list('AFDB_face_dataset', person).slice(0, 3).map((f, i) => ({ folder: 'AFDB_face_dataset', f, group: 'unmasked' as const, split: i === 0 ? ('test' as const) : ('train' as const) })),
      ...list('AFDB_masked_face_dataset', person).slice(0, 2).map((f, i) => ({ folder: 'AFDB_masked_face_dataset', f, group: 'masked' as const, split: i === 0 ? ('test' as const) : ('train' as const) })),
    ];
    for (const [i, pick] of picks.entries()) {
      const source = join(RMFD, pick.folder, person, pick.f);
      const output = join(pick.group, person, `${i}${extname(pick.f)}`);
      await mkdir(join(out, pick.group, person), { recursive: true });
      await copyFile(source, join(out, output));
      const hash = createHash('sha256').update(readFileSync(source)).digest('hex');
      entries.push({ person, group: pick.group, source, output, hash, width: 160, height: 160, split: pick.split });
    }
  }
  await writeManifest(out, { version: 1, size: 160, seed: 42, testFraction: 0.4, sourceRoot: RMFD, createdAt: new Date(0).toISOString(), entries });
}

test('--method lda trains on real RMFD faces, writes model.json + the LDA JSON, and evaluate reports like any model', { skip }, async () => {
  await writeRmfdSample(data);
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

  const cache = await FeatureCache.open(data, { backbone: meta.embedder, dimension: meta.dimension, preprocessing: 'letterbox160' });
  assert.equal(cache.size, 15, 'every photo embedded once, cached by hash and embedder');
});

test('an lda model trained before test-time flips (embedder mask-robust) still evaluates, with its own embedder', { skip }, async () => {
  const out = join(dir, 'lda');
  const metaPath = join(out, MODEL_FILE);
  const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
  writeFileSync(metaPath, JSON.stringify({ ...meta, embedder: 'mask-robust' }));
  const model = await readLdaModel(out);
  assert.equal(model.meta.embedder, 'mask-robust');
  const report = await evaluateModel(out, data);
  assert.equal(report.n, 6);
  const cache = await FeatureCache.open(data, { backbone: 'mask-robust', dimension: meta.dimension, preprocessing: 'letterbox160' });
  assert.equal(cache.size, 6, 'the test photos embedded by the unflipped embedder, cached under its name');
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

test('an lda model folder is a Recognizer: a face in a photo gets a name (or unknown) and ranked candidates', { skip }, async () => {
  const tf = await getTf();
  const recognizer = await LdaModelRecognizer.load(join(dir, 'lda'));
  const before = tf.memory().numTensors;
  try {
    const manifest = JSON.parse(readFileSync(join(data, 'manifest.json'), 'utf8')) as { entries: ManifestEntry[] };
    const probe = manifest.entries.find((e) => e.split === 'test' && e.group === 'masked')!;
    const image = await decodeImage(join(data, probe.output));
    // An RMFD photo is a tight crop already: the whole photo is the face box.
    const answer = await recognizer.recognize(image, { box: { x: 0, y: 0, width: image.width, height: image.height }, score: 1 });
    assert.equal(tf.memory().numTensors, before);
    assert.ok([...recognizer.people, 'unknown'].includes(answer.name));
    assert.equal(answer.candidates.length, PEOPLE);
    assert.equal(answer.confidence, answer.candidates[0]?.score);
    assert.equal(recognizer.threshold, (await readLdaModel(join(dir, 'lda'))).meta.threshold);
  } finally {
    recognizer.dispose();
  }
});

test('--background: other people shape the projection; enrolled people are left out of it; --no-background: nobody', { skip }, async () => {
  // A raw RMFD-layout folder: 2 people after the enrolled ones, 1 masked + 1 unmasked photo each, plus an enrolled person.
  const background = join(dir, 'background');
  for (const person of [...samplePeople().slice(PEOPLE, PEOPLE + 2), samplePeople()[0]!]) {
    for (const group of ['AFDB_face_dataset', 'AFDB_masked_face_dataset']) {
      await mkdir(join(background, group, person), { recursive: true });
      const file = list(group, person)[0]!;
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
