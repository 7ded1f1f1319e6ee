import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Command } from 'commander';
import { writeTinyDataset } from '../train/testing/tiny-dataset.js';
import { register as registerEvaluate } from './evaluate.js';
import { register as registerTrain } from './train.js';

const dir = mkdtempSync(join(tmpdir(), 'maskface-cli-train-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('maskface train passes every flag through (aliases included), and evaluate --json prints the metrics', async () => {
  const data = join(dir, 'data');
  const out = join(dir, 'model');
  await writeTinyDataset(data, { people: 3, photosPerPerson: 6, size: 32, testPerPerson: 2 });
  const program = new Command().exitOverride();
  registerTrain(program);
  registerEvaluate(program);
  const printed: string[] = [];
  const log = console.log;
  console.log = (line: string) => printed.push(line);
  try {
    await program.parseAsync(['train', data, '--out', out, '--backbone', 'dlib-resnet34', '--epochs', '2', '--batch', '5', '--lr', '0.002', '--patience', '7', '--seed', '3', '--json'], { from: 'user' });
    await program.parseAsync(['evaluate', out, data, '--json'], { from: 'user' });
  } finally {
    console.log = log;
  }
  const meta = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
  assert.equal(meta.backbone, 'dlib-resnet34');
  assert.deepEqual([meta.options.epochs, meta.options.batchSize, meta.options.learningRate, meta.options.patience, meta.options.seed], [2, 5, 0.002, 7, 3]);
  assert.equal(JSON.parse(printed[0] ?? '{}').epochs, 2);
  const report = JSON.parse(printed[1] ?? '{}');
  for (const key of ['accuracy', 'maskedAccuracy', 'unmaskedAccuracy', 'n', 'macroF1']) assert.ok(key in report, key);
  assert.equal(report.n, 6);
});
