/**
 * The experiment runner and report on a tiny dataset (3 RMFD people, 3 LFW people), with a
 * deterministic stand-in for training (training itself is tested in src/train/): every table and
 * figure is there, the tables print the per-run JSON's numbers, and a resumed experiment writes the
 * same report as an uninterrupted one.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { readManifest } from '../data/manifest.js';
import { decodeImage, writeImage } from '../image/io.js';
import type { RgbImage } from '../image/types.js';
import type { MaskDataset } from './arms.js';
import { CONFIGURATIONS } from './configurations.js';
import { runExperiment, type ExperimentDependencies } from './experiment.js';
import type { ExperimentOptionsInput } from './experiment-options.js';
import { spread } from './metrics.js';
import { percent } from './report-tables.js';
import { readRunResult, runResultPath } from './run-result.js';
import type { SampleKind } from './metrics.js';
import type { TrainAndEvaluate } from './trainer.js';

const DATASETS = resolve('../shared/datasets');
const REAL_PEOPLE = ['duhaitao', 'jingtian', 'wangfei'];
const LFW_PEOPLE = ['Bill_McBride', 'Ian_Thorpe', 'Jason_Kidd'];
const EPOCHS = 6;
const RUNS = 3;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

let root: string;
let real: string;
let simulated: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'maskface-experiment-'));
  real = join(root, 'rmfd');
  simulated = join(root, 'lfw');
  for (const person of REAL_PEOPLE) {
    for (const [group, n] of [['AFDB_face_dataset', 4], ['AFDB_masked_face_dataset', 3]] as const) {
      const from = join(DATASETS, 'rmfd-subset', group, person);
      await mkdir(join(real, group, person), { recursive: true });
      for (const f of (await readdir(from)).sort().slice(0, n)) await copyFile(join(from, f), join(real, group, person, f));
    }
  }
  for (const person of LFW_PEOPLE) {
    await mkdir(join(simulated, person), { recursive: true });
    for (let i = 1; i <= 4; i++) {
      const f = `${person}_000${i}.jpg`;
      await copyFile(join(DATASETS, 'lfw', person, f), join(simulated, person, f));
    }
  }
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Stand-in for the masks stage: originals copied, a "mask" (the lower half painted black) on each copy. */
const fakeMaskDataset: MaskDataset = async ({ input, out }) => {
  let masked = 0;
  for (const person of (await readdir(input)).sort()) {
    for (const f of (await readdir(join(input, person))).sort()) {
      await mkdir(join(out, 'AFDB_face_dataset', person), { recursive: true });
      await copyFile(join(input, person, f), join(out, 'AFDB_face_dataset', person, f));
      const image = await decodeImage(join(input, person, f));
      image.data.fill(0, Math.floor(image.height / 2) * image.width * 3);
      await writeImage(join(out, 'AFDB_masked_face_dataset', person, `${basename(f, '.jpg')}_cloth.png`), image);
      masked++;
    }
  }
  return { masked, noFace: [] };
};

/** A 4x4 grey thumbnail, centred: photos that differ by little more than re-encoding come out near-duplicates. */
function thumbnail(image: RgbImage): Float32Array {
  const v = new Float32Array(16);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 3;
      v[Math.floor((y * 4) / image.height) * 4 + Math.floor((x * 4) / image.width)]! += image.data[i]! + image.data[i + 1]! + image.data[i + 2]!;
    }
  }
  const mean = v.reduce((a, b) => a + b, 0) / 16;
  return v.map((x) => x - mean);
}

/** Deterministic "training": answers depend on the seed, protocol and balancing; the LR drops after epoch 3. */
function fakeTrainer(failOnCall?: number): { train: TrainAndEvaluate; calls: () => number } {
  let calls = 0;
  const train: TrainAndEvaluate = async (config) => {
    calls++;
    if (calls === failOnCall) throw new Error('interrupted (simulated)');
    const manifest = await readManifest(config.dataDir);
    const classes = [...new Set(manifest.entries.map((e) => e.person))].sort();
    const test = manifest.entries.filter((e) => e.split === 'test');
    const shift = config.seed + (config.protocol === 'paper' ? 1 : 0) + config.balance.length;
    const truth = test.map((e) => classes.indexOf(e.person));
    const predicted = truth.map((t, i) => ((i + shift) % 3 === 0 ? (t + 1) % classes.length : t));
    const kinds = test.map((e) => e.group as SampleKind);
    const history = Array.from({ length: config.epochs }, (_, i) => ({
      epoch: i + 1,
      loss: 2 / (i + 1),
      accuracy: Math.min(1, 0.3 + 0.1 * i),
      valAccuracy: Math.min(1, 0.2 + 0.08 * i + 0.01 * (shift % 5)),
      lr: i < 3 ? 1e-5 : 1e-6,
    }));
    const train = manifest.entries.length - test.length;
    const after = config.balance === 'undersample' ? train - 2 : config.balance === 'none' ? train : train + 5;
    return {
      history,
      bestEpoch: config.epochs,
      predictions: { classes, truth, predicted, kinds },
      counts: { trainBeforeBalancing: train, trainAfterBalancing: after, test: test.length, totalImages: after + test.length },
      trainSeconds: 1.25,
      evaluateSeconds: 0.25,
    };
  };
  return { train, calls: () => calls };
}

function deps(train: TrainAndEvaluate): ExperimentDependencies {
  let t = 0;
  return {
    trainAndEvaluate: train,
    maskDataset: fakeMaskDataset,
    nearDuplicateVectoriser: async () => ({ name: 'thumbnail', embed: async (image) => thumbnail(image), dispose: () => undefined }),
    machine: () => ({ cpuModel: 'test CPU', cores: 2, memoryGiB: 4, os: 'test OS', node: 'v20' }),
    clock: () => (t += 1500),
    now: () => new Date('2026-01-01T00:00:00Z'),
  };
}

const options = (out: string): ExperimentOptionsInput => ({ real, simulated, out, runs: RUNS, epochs: EPOCHS, people: 3 });
const COMMAND = 'maskface experiment (test)';

/** Cells of the markdown table whose caption starts with `caption`. */
function tableRows(markdown: string, caption: string): string[][] {
  const start = markdown.indexOf(`**${caption}`);
  assert.ok(start >= 0, `table "${caption}" missing`);
  const lines = markdown.slice(start).split('\n').slice(2);
  const rows: string[][] = [];
  for (const line of lines.slice(2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split(' | ').map((c) => c.trim().replace(/^\*\*(.*)\*\*$/, '$1')));
  }
  return rows;
}

test('the report has every table and figure, prints the per-run JSON numbers, and a resumed run gives the same report', async () => {
  const whole = join(root, 'whole');
  const first = await runExperiment(options(whole), deps(fakeTrainer().train), COMMAND);
  // 2 protocols x (3 single configurations + 1 repeated x 3 runs) ... real-smote and simulated-smote repeat.
  const expectedRuns = 2 * (2 + 2 * RUNS);
  assert.equal(first.trained, expectedRuns);
  assert.equal(first.report.runs, expectedRuns);

  const markdown = await readFile(join(whole, 'report.md'), 'utf8');
  const html = await readFile(join(whole, 'report.html'), 'utf8');
  assert.ok(markdown.startsWith("# maskface experiment: the paper's Tables IV and V\n\nProduced by this command"));
  assert.ok(markdown.includes(COMMAND));
  for (const protocol of ['leak-free', 'paper'] as const) {
    const iv = tableRows(markdown, `Table IV, ${protocol === 'paper' ? "paper's" : 'leak-free'} protocol`);
    assert.equal(iv.length, CONFIGURATIONS.length);
    for (const [i, c] of CONFIGURATIONS.entries()) {
      const run = (await readRunResult(runResultPath(whole, protocol, c.id, 1)))!;
      assert.deepEqual(iv[i]!.slice(2, 8), [
        percent(run.metrics.accuracy),
        percent(run.metrics.macroF1),
        percent(run.metrics.maskedAccuracy),
        percent(run.metrics.unmaskedAccuracy),
        String(run.counts.totalImages),
        `${run.counts.trainAfterBalancing} / ${run.counts.test}`,
      ]);
    }
    const v = tableRows(markdown, `Table V, ${protocol === 'paper' ? "paper's" : 'leak-free'} protocol`);
    const repeated = CONFIGURATIONS.filter((c) => c.repeated);
    assert.equal(v.length, 2 * repeated.length);
    for (const [i, c] of repeated.entries()) {
      const runs = await Promise.all(Array.from({ length: RUNS }, (_, k) => readRunResult(runResultPath(whole, protocol, c.id, k + 1))));
      const accuracies = runs.map((r) => r!.metrics.accuracy);
      const s = spread(accuracies);
      assert.deepEqual(v[2 * i]!.slice(1, RUNS + 3), [...accuracies.map(percent), percent(s.mean), percent(s.std)]);
    }
  }
  tableRows(markdown, "Leak-free protocol against the paper's protocol");
  tableRows(markdown, 'Table VI.');
  // Both arms were split with near-duplicates grouped (the default), and the table says what grouping did.
  const data = tableRows(markdown, 'Prepared data');
  assert.deepEqual(data.map((row) => row[0]), ['real', 'simulated']);
  for (const row of data) assert.match(row[7]!, /kept on one side of the split \(thumbnail cosine > 0\.85\)$/);
  for (const name of ['table-iv-leak-free', 'table-iv-paper', 'table-v-leak-free', 'table-v-paper', 'table-protocols', 'table-vi', 'table-data']) {
    assert.ok(html.includes(`<table id="${name}">`), `${name} missing from report.html`);
  }
  const figures = (await readdir(join(whole, 'figures'))).sort();
  assert.equal(figures.length, 2 * CONFIGURATIONS.length * 2);
  for (const f of figures) {
    assert.ok(markdown.includes(`](figures/${f})`), `${f} not in report.md`);
    assert.ok(html.includes(`src="figures/${f}"`), `${f} not in report.html`);
    assert.deepEqual((await readFile(join(whole, 'figures', f))).subarray(0, 4), PNG_SIGNATURE);
  }

  // Interrupted at the 5th training, then resumed: the finished runs are skipped, the report is the same bytes.
  const resumed = join(root, 'resumed');
  await assert.rejects(runExperiment(options(resumed), deps(fakeTrainer(5).train), COMMAND), /interrupted/);
  const second = fakeTrainer();
  const outcome = await runExperiment(options(resumed), deps(second.train), COMMAND);
  assert.equal(outcome.skipped, 4);
  assert.equal(second.calls(), expectedRuns - 4);
  for (const file of ['report.md', 'report.html', ...figures.map((f) => join('figures', f))]) {
    assert.ok((await readFile(join(resumed, file))).equals(await readFile(join(whole, file))), `${file} differs after resuming`);
  }

  // A rerun with other options refuses to mix its runs with these.
  await assert.rejects(runExperiment({ ...options(resumed), epochs: EPOCHS + 1 }, deps(second.train), COMMAND), /other options/);
});

test('simulated masked copies sit on the same side of the split as their originals', async () => {
  const manifest = await readManifest(join(root, 'whole', 'data', 'simulated'));
  const originals = new Map(manifest.entries.filter((e) => e.group === 'unmasked').map((e) => [basename(e.output, '.png'), e.split]));
  const copies = manifest.entries.filter((e) => e.group === 'masked');
  assert.equal(copies.length, LFW_PEOPLE.length * 4);
  for (const e of copies) assert.equal(e.split, originals.get(basename(e.output, '.png').replace(/_cloth$/, '')), e.output);
  assert.ok(copies.some((e) => e.split === 'test'));
});

test('no near-duplicate group straddles the leak-free split of either arm (the simulated arm re-splits by source)', async () => {
  for (const arm of ['real', 'simulated']) {
    const manifest = await readManifest(join(root, 'whole', 'data', arm));
    const sides = new Map<number, Set<string>>();
    for (const e of manifest.entries) if (e.nearDuplicateGroup !== undefined) sides.set(e.nearDuplicateGroup, (sides.get(e.nearDuplicateGroup) ?? new Set()).add(e.split));
    if (arm === 'simulated') assert.ok(sides.size > 0, 'the simulated arm needs near-duplicate groups (an original and its masked copy) for this test');
    for (const [group, split] of sides) assert.equal(split.size, 1, `${arm}: group ${group} on both sides`);
  }
});
