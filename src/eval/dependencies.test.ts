/**
 * The experiment through the real training stage (trainModel with the faceres backbone) on a tiny
 * RMFD sample: one configuration, one run, two epochs. Checks the wiring, not the accuracy.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { getTf } from '../engine/tf.js';
import { readManifest } from '../data/manifest.js';
import { experimentDependencies } from './dependencies.js';
import { runExperiment } from './experiment.js';
import { percent } from './report-tables.js';
import { readRunResult, runResultPath } from './run-result.js';

const DATASETS = resolve('../shared/datasets');
const PEOPLE = ['duhaitao', 'jingtian', 'wangfei'];
const EPOCHS = 2;

let root: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'maskface-experiment-train-'));
  for (const person of PEOPLE) {
    for (const [group, n] of [['AFDB_face_dataset', 4], ['AFDB_masked_face_dataset', 3]] as const) {
      const from = join(DATASETS, 'rmfd-subset', group, person);
      await mkdir(join(root, 'rmfd', group, person), { recursive: true });
      for (const f of (await readdir(from)).sort().slice(0, n)) await copyFile(join(from, f), join(root, 'rmfd', group, person, f));
    }
  }
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

test('a SMOTE run of the real arm trains through src/train and lands in the report', async () => {
  const tf = await getTf();
  const out = join(root, 'report');
  const before = tf.memory().numTensors;
  const outcome = await runExperiment(
    { real: join(root, 'rmfd'), simulated: join(root, 'unused'), out, runs: 1, protocols: ['leak-free'], only: ['real-smote'], epochs: EPOCHS, people: 3 },
    experimentDependencies({ detector: 'mtcnn', log: () => undefined }),
    'test',
  );
  assert.equal(tf.memory().numTensors, before);
  assert.equal(outcome.trained, 1);
  const run = (await readRunResult(runResultPath(out, 'leak-free', 'real-smote', 1)))!;
  const manifest = await readManifest(join(out, 'data', 'real'));
  const testPhotos = manifest.entries.filter((e) => e.split === 'test');
  assert.equal(run.history.length, EPOCHS);
  assert.equal(run.predictions.truth.length, testPhotos.length);
  assert.equal(run.counts.trainBeforeBalancing, manifest.entries.length - testPhotos.length);
  assert.ok(run.counts.trainAfterBalancing >= run.counts.trainBeforeBalancing, 'SMOTE adds rows');
  assert.deepEqual(run.predictions.classes, PEOPLE);
  // Models are removed once the run is recorded (no --keep-models).
  assert.equal(existsSync(join(out, 'models', 'leak-free', 'real-smote', 'run-1')), false);
  const markdown = await readFile(join(out, 'report.md'), 'utf8');
  assert.ok(markdown.includes(`| Real | SMOTE | ${percent(run.metrics.accuracy)} |`));
});
