/**
 * Training speed of `maskface distill` (issue 24 asks >= 15 photos/s): whole training steps of the
 * student as distill runs them (augmentation of each chip, the generated onnxruntime graph, Adam in
 * TypeScript) at its default batch size, on chips of the vendored ArcFace MobileFaceNet's input size.
 * One warm-up step, then `--steps` timed; photos per second of the median step. Chips are the
 * shipped fixture's photos resized (content does not change the work). Also times the teacher's
 * forward pass alone, batched, for scale.
 *
 *   node --import tsx bench/distill-speed.ts [--steps 5] [--batch 32] [--threads 2]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createRng } from '../src/data/random.js';
import { readModel } from '../src/engine/onnx/read-model.js';
import { decodeImage } from '../src/image/io.js';
import { resizeBilinearRgb } from '../src/image/resize.js';
import { defaultArcfaceMobilefacenetPath } from '../src/models/arcface-mobilefacenet/index.js';
import { augmentChip } from '../src/train/distill/augment.js';
import { CHIP_SIZE } from '../src/train/distill/chips.js';
import { createStepper, loadNetwork } from '../src/train/distill/distill.js';
import { DISTILL_DEFAULTS } from '../src/train/distill/options.js';

const { values } = parseArgs({ options: { steps: { type: 'string', default: '5' }, batch: { type: 'string', default: String(DISTILL_DEFAULTS.batchSize) }, threads: { type: 'string', default: String(DISTILL_DEFAULTS.threads) } } });
const steps = Number(values.steps);
const batch = Number(values.batch);
const options = { ...DISTILL_DEFAULTS, threads: Number(values.threads) };
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const fixture = 'test/fixtures/rmfd-mini/AFDB_face_dataset';
const files = readdirSync(fixture).flatMap((p) => readdirSync(join(fixture, p)).map((f) => join(fixture, p, f)));
const chips = await Promise.all(files.map(async (f) => resizeBilinearRgb(await decodeImage(f), CHIP_SIZE, CHIP_SIZE)));
const teacherBytes = readFileSync(defaultArcfaceMobilefacenetPath());
const model = readModel(teacherBytes);
const net = await loadNetwork(model, options);
const stepper = await createStepper(model, options);
const state = { weights: net.initial.map((w) => Float32Array.from(w)), m: net.initial.map((w) => new Float32Array(w.length)), v: net.initial.map((w) => new Float32Array(w.length)) };
const rng = createRng(1);
const targets = new Float32Array(batch * 512).map(() => rng() - 0.5);

console.log(`# distill training step, batch ${batch}, ${options.threads} onnxruntime threads, ${cpus().length} CPUs (${cpus()[0]?.model ?? ''}), load ${loadavg()[0]!.toFixed(1)} at start\n`);
const stepTimes: number[] = [];
for (let s = 0; s <= steps; s++) {
  const started = performance.now();
  const views: Uint8Array[] = [];
  for (let k = 0; k < batch; k++) views.push(await augmentChip(chips[(s * batch + k) % chips.length]!, rng() < 0.5, rng));
  await stepper.step(views, targets, state, s + 1, options.learningRate);
  if (s > 0) stepTimes.push(performance.now() - started);
}
const forwardTimes: number[] = [];
for (let s = 0; s <= steps; s++) {
  const started = performance.now();
  await net.embed(Array.from({ length: batch }, (_, k) => chips[k % chips.length]!.data), state.weights);
  if (s > 0) forwardTimes.push(performance.now() - started);
}
await stepper.release();
await net.release();
const perSecond = (ms: number): string => ((batch * 1000) / ms).toFixed(1);
console.log('| what | ms per batch (median) | photos/s |\n|---|---|---|');
console.log(`| training step (augmentation + forward + backward + Adam) | ${median(stepTimes).toFixed(0)} | **${perSecond(median(stepTimes))}** |`);
console.log(`| forward pass only (teacher targets, development scoring) | ${median(forwardTimes).toFixed(0)} | ${perSecond(median(forwardTimes))} |`);
console.log(`\nload at end ${loadavg()[0]!.toFixed(1)}; issue 24 asks >= 15 photos/s per training step.`);
