import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Command } from 'commander';
import { readManifest, writeManifest } from '../data/manifest.js';
import type { MaskfaceError } from '../errors.js';
import { evaluateModel } from '../train/evaluate.js';
import { writeTinyDataset } from '../train/testing/tiny-dataset.js';
import { register as registerEvaluate } from './evaluate.js';
import { register as registerTrain } from './train.js';

const dir = mkdtempSync(join(tmpdir(), 'maskface-cli-train-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** `maskface train <tiny dataset> --out <model> ...trainFlags --json`, then `evaluate --json`: the model folder and what both printed. */
async function trainAndEvaluate(name: string, trainFlags: readonly string[]): Promise<{ out: string; printed: string[] }> {
  const data = join(dir, `${name}-data`);
  const out = join(dir, `${name}-model`);
  await writeTinyDataset(data, { people: 3, photosPerPerson: 6, size: 32, testPerPerson: 2 });
  const program = new Command().exitOverride();
  registerTrain(program);
  registerEvaluate(program);
  const printed: string[] = [];
  const log = console.log;
  console.log = (line: string) => printed.push(line);
  try {
    await program.parseAsync(['train', data, '--out', out, ...trainFlags, '--json'], { from: 'user' });
    await program.parseAsync(['evaluate', out, data, '--json'], { from: 'user' });
  } finally {
    console.log = log;
  }
  return { out, printed };
}

test('maskface train passes every flag through (aliases included), and evaluate --json prints the metrics', async () => {
  const { out, printed } = await trainAndEvaluate('dlib', ['--backbone', 'dlib-resnet34', '--epochs', '2', '--batch', '5', '--lr', '0.002', '--patience', '7', '--seed', '3']);
  const meta = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
  assert.equal(meta.backbone, 'dlib-resnet34');
  assert.deepEqual([meta.options.epochs, meta.options.batchSize, meta.options.learningRate, meta.options.patience, meta.options.seed], [2, 5, 0.002, 7, 3]);
  assert.equal(JSON.parse(printed[0] ?? '{}').epochs, 2);
  const report = JSON.parse(printed[1] ?? '{}');
  for (const key of ['accuracy', 'maskedAccuracy', 'unmaskedAccuracy', 'n', 'macroF1']) assert.ok(key in report, key);
  assert.equal(report.n, 6);
});

test('maskface train --backbone mobileface-tuned trains the head on the fit-backbone layer (issue 15), and evaluate reads it back', async () => {
  const { out, printed } = await trainAndEvaluate('tuned', ['--backbone', 'mobileface-tuned', '--epochs', '1', '--batch', '6']);
  const meta = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
  assert.equal(meta.backbone, 'mobileface-tuned');
  // The alignment and the layer file's hash are recorded, and key the feature cache: a replaced head.bin is not served old features.
  assert.match(meta.preprocessing, /letterbox\d+\+arcface-aligned-pad0\.25\+head-[0-9a-f]{12}\)$/);
  // A model whose recorded layer is not the one in place is refused by evaluate (and recognize), naming the fix.
  assert.match(meta.backboneVariant, /^arcface-aligned-pad0\.25\+head-[0-9a-f]{12}$/);
  writeFileSync(join(out, 'model.json'), JSON.stringify({ ...meta, backboneVariant: meta.backboneVariant.replace(/head-[0-9a-f]{12}/, 'head-000000000000') }));
  await assert.rejects(evaluateModel(out, join(dir, 'tuned-data')), (error: MaskfaceError) => error.code === 'MF_BAD_WEIGHTS' && /head-000000000000.*Put back the weights/.test(error.message));
  // Models from before variants were recorded load as they are.
  const { backboneVariant: _recorded, ...before } = meta;
  writeFileSync(join(out, 'model.json'), JSON.stringify(before));
  assert.equal((await evaluateModel(out, join(dir, 'tuned-data'))).n, 6);
  assert.equal(JSON.parse(printed[1] ?? '{}').n, 6);
});

test('maskface train --balance smote-per-group: a person with k or fewer photos stops with the fix train takes, and --small-class shrink trains (issue 17)', async () => {
  const data = join(dir, 'small-class');
  const out = join(dir, 'small-class-model');
  // 9 photos each, 2 in test: 5 unmasked and 2 masked training photos; person_0 keeps 3 unmasked.
  await writeTinyDataset(data, { people: 3, photosPerPerson: 9, size: 32, testPerPerson: 2 });
  const manifest = await readManifest(data);
  await writeManifest(data, { ...manifest, entries: manifest.entries.filter((e) => !(e.person === 'person_0' && /^unmasked\/.*\/[78]\.png$/.test(e.output))) });
  const program = new Command().exitOverride();
  registerTrain(program);
  const train = (...flags: string[]) => program.parseAsync(['train', data, '--out', out, '--backbone', 'dlib-resnet34', '--balance', 'smote-per-group', '--protocol', 'leak-free', '--epochs', '1', ...flags], { from: 'user' });
  await assert.rejects(train(), (err: Error) => /person person_0 has 3 row\(s\).*--k 2.*--small-class shrink/.test(err.message));

  const printed: string[] = [];
  const log = console.log;
  console.log = (line: string) => printed.push(line);
  try {
    await train('--small-class', 'shrink');
  } finally {
    console.log = log;
  }
  // 19 real training photos; SMOTE with k shrunk to 2 brings person_0's unmasked ones from 3 to 5.
  assert.match(printed[0] ?? '', /protocol leak-free, balancing smote-per-group \(k 5, small classes: shrink\): 21 training/);
  const meta = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
  assert.deepEqual([meta.options.balance, meta.options.k, meta.options.smallClass, meta.options.seed], ['smote-per-group', 5, 'shrink', 42]);
});
