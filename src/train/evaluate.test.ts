import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeImage } from '../image/io.js';
import { createImage } from '../image/types.js';
import { evaluateModel, scorePredictions } from './evaluate.js';
import { writeTinyDataset } from './testing/tiny-dataset.js';
import { trainModel } from './train-model.js';

const EXACT = 1e-12;
const close = (a: number | null, b: number): boolean => a !== null && Math.abs(a - b) <= EXACT;

test('scorePredictions: accuracy by group, macro-F1 and per-person scores computed by hand', () => {
  // truth a a b b c, predicted a b b b a; masked: 1st, 3rd.
  const r = scorePredictions(['a', 'b', 'c'], [0, 0, 1, 1, 2], [0, 1, 1, 1, 0], [true, false, true, false, false]);
  assert.ok(close(r.accuracy, 3 / 5));
  assert.ok(close(r.maskedAccuracy, 1));
  assert.ok(close(r.unmaskedAccuracy, 1 / 3));
  // a: P 1/2 R 1/2 F1 1/2; b: P 2/3 R 1 F1 0.8; c: P 0 R 0 F1 0.
  assert.ok(close(r.macroF1, (0.5 + 0.8 + 0) / 3));
  assert.deepEqual(r.confusion.matrix, [[1, 1, 0], [0, 2, 0], [1, 0, 0]]);
  assert.deepEqual(r.perPerson.map((p) => p.support), [2, 2, 1]);
});

const dir = mkdtempSync(join(tmpdir(), 'maskface-eval-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('evaluateModel reads a prepared folder\'s test split or a raw RMFD folder, and refuses strangers', async () => {
  const data = join(dir, 'data');
  const raw = join(dir, 'raw');
  await writeTinyDataset(data, { people: 3, photosPerPerson: 6, size: 32, testPerPerson: 2, rawDir: raw });
  const out = join(dir, 'model');
  await trainModel({ dataDir: data, outDir: out, epochs: 1, inputSize: 32, vgg16Blocks: [[2, 2], [2, 2], [4, 4, 4], [4, 4, 4], [8, 8, 8]], batchSize: 6 }, { warn: () => undefined });

  const prepared = await evaluateModel(out, data);
  assert.equal(prepared.split, 'test');
  assert.equal(prepared.n, 6);
  assert.equal(prepared.nMasked + prepared.nUnmasked, 6);
  assert.ok(prepared.accuracy >= 0 && prepared.accuracy <= 1);

  const all = await evaluateModel(out, raw);
  assert.equal(all.split, 'raw');
  assert.equal(all.n, 18);
  assert.equal(all.nMasked, 6);

  const strangers = join(dir, 'strangers');
  await writeImage(join(strangers, 'someone_else', '0.png'), createImage(32, 32, 90));
  await assert.rejects(evaluateModel(out, strangers), (err: Error & { code?: string }) => err.code === 'MF_UNKNOWN_PERSON' && /someone_else/.test(err.message));
});
