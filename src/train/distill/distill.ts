/**
 * Mask-invariant distillation (issue 24; MaskInv, Huber et al. 2021): a student copy of an
 * ArcFace-style network, every layer trainable, learns to give a masked face the embedding the
 * frozen teacher gives the same face unmasked. Loss per photo: 1 - cos(student(view), target), where
 * the view is a synthetic-masked chip (most of a batch), the chip unmasked (keeps the student's
 * unmasked faces where the teacher has them) or a real masked photo (its target: the unit mean of
 * the teacher's vectors of that person's unmasked photos). No identity labels are needed, so every
 * unmasked face photo is training data.
 *
 * The step runs in onnxruntime-node as one generated graph (src/engine/onnx/train-graph.ts); Adam
 * in TypeScript. Every `evalEvery` steps the student is scored on development people (dev-score.ts: masked top-1 against
 * their unmasked means, unmasked top-1 left-one-out); the best masked score whose unmasked score
 * stays within `keepMargin` of the teacher's is kept as an ONNX file the `onnx:` embedder loads.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { createRng, type Rng, shuffleInPlace } from '../../data/random.js';
import { encodeModel } from '../../engine/onnx/protobuf.js';
import type { ReadModel } from '../../engine/onnx/read-model.js';
import { rgbToPlanes } from '../../image/planes.js';
import { mirror } from '../../methods/face-crop.js';
import { unit } from '../../methods/vectors.js';
import { TRAIN_EMBEDDING, TRAIN_LOSS, buildTrainGraph, gradName, inferenceGraph } from '../../engine/onnx/train-graph.js';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from '../adam.js';
import { type DevSample, devScore } from '../fit-backbone/dev-score.js';
import { augmentChip } from './augment.js';
import type { DistillOptions } from './options.js';
import { CHIP_BYTES, CHIP_SIZE, type ChipChunk } from './chips.js';

export interface EpochRecord {
  /** Epochs done when scored (fractional between two epochs' ends). */
  readonly epoch: number;
  readonly step: number;
  readonly loss: number;
  readonly devMasked: number;
  readonly devUnmasked: number;
  readonly learningRate: number;
  readonly seconds: number;
  readonly photosPerSecond: number;
}

export interface DistillState {
  /** Whole epochs done, and Adam steps of the next one done (a checkpoint mid-epoch resumes there). */
  readonly epoch: number;
  readonly position: number;
  readonly step: number;
  readonly weights: Float32Array[];
  readonly m: Float32Array[];
  readonly v: Float32Array[];
  readonly history: EpochRecord[];
  readonly best: { readonly epoch: number; readonly step: number; readonly devMasked: number; readonly devUnmasked: number } | undefined;
  readonly teacher: { readonly devMasked: number; readonly devUnmasked: number };
}

interface View {
  /** Chip bytes (112x112 RGB). */
  readonly chip: Uint8Array;
  /** Index of the target in the target table; mirrored targets follow at +1. */
  readonly target: number;
  /** The person's unmasked mean (a real masked photo): the same target mirrored or not. */
  readonly symmetric: boolean;
}

interface Photo {
  readonly person: string;
  readonly masked: boolean;
  readonly chips: Uint8Array[];
}

const photosOf = (chunks: readonly ChipChunk[]): Photo[] =>
  chunks.flatMap((chunk) => {
    let at = 0;
    return chunk.records.map((r) => {
      const chips = Array.from({ length: r.chips }, (_, i) => chunk.data.subarray((at + i) * CHIP_BYTES, (at + i + 1) * CHIP_BYTES));
      at += r.chips;
      return { person: r.person, masked: r.masked, chips };
    });
  });

/** NCHW float input of a batch of chips. */
function toInput(chips: readonly Uint8Array[], mean: number, std: number): Float32Array {
  const plane = CHIP_SIZE * CHIP_SIZE;
  const out = new Float32Array(chips.length * 3 * plane);
  chips.forEach((chip, n) => rgbToPlanes(chip, plane, mean, std, out, n * 3 * plane));
  return out;
}

const mirrored = (chip: Uint8Array): Uint8Array => mirror({ width: CHIP_SIZE, height: CHIP_SIZE, data: chip }).data;

export interface Network {
  readonly embeddingSize: number;
  /** Embeddings of chips (unit length not applied), batched. */
  embed(chips: readonly Uint8Array[], weights: readonly Float32Array[]): Promise<Float32Array[]>;
  release(): Promise<void>;
}

const EMBED_BATCH = 32;

export async function loadNetwork(model: ReadModel, options: Pick<DistillOptions, 'threads' | 'mean' | 'std'>): Promise<Network & { initial: Float32Array[] }> {
  const forward = buildTrainGraph(model, CHIP_SIZE, 3, { forwardOnly: true });
  const session = await ort.InferenceSession.create(encodeModel(forward.graph), { intraOpNumThreads: options.threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', logSeverityLevel: 3 });
  const byName = new Map(model.initializers.map((t) => [t.name, t]));
  const initial = forward.params.map((p) => Float32Array.from(byName.get(p.name)!.data as Float32Array));
  const d = forward.embeddingSize;
  return {
    embeddingSize: d,
    initial,
    async embed(chips, weights) {
      const out: Float32Array[] = [];
      const feedsW: Record<string, ort.Tensor> = {};
      forward.params.forEach((p, i) => (feedsW[p.name] = new ort.Tensor('float32', weights[i]!, [...p.dims])));
      for (let start = 0; start < chips.length; start += EMBED_BATCH) {
        const batch = chips.slice(start, start + EMBED_BATCH);
        const result = await session.run({ ...feedsW, x: new ort.Tensor('float32', toInput(batch, options.mean, options.std), [batch.length, 3, CHIP_SIZE, CHIP_SIZE]) });
        const e = result[TRAIN_EMBEDDING]!.data as Float32Array;
        for (let i = 0; i < batch.length; i++) out.push(Float32Array.from(e.subarray(i * d, (i + 1) * d)));
      }
      return out;
    },
    release: () => session.release(),
  };
}

export interface Stepper {
  /** One Adam step (the `step`-th) on a batch of chips and their unit targets; returns the batch's mean loss. */
  step(chips: readonly Uint8Array[], targets: Float32Array, state: Pick<DistillState, 'weights' | 'm' | 'v'>, step: number, learningRate: number): Promise<number>;
  release(): Promise<void>;
}

/** The training step of `model` in onnxruntime-node (one generated graph) and Adam in TypeScript. */
export async function createStepper(model: ReadModel, options: Pick<DistillOptions, 'threads' | 'mean' | 'std'>): Promise<Stepper> {
  const graph = buildTrainGraph(model, CHIP_SIZE, 3);
  const session = await ort.InferenceSession.create(encodeModel(graph.graph), { intraOpNumThreads: options.threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', logSeverityLevel: 3 });
  const d = graph.embeddingSize;
  return {
    async step(chips, targets, { weights, m, v }, step, learningRate) {
      const n = chips.length;
      const feeds: Record<string, ort.Tensor> = {
        x: new ort.Tensor('float32', toInput(chips, options.mean, options.std), [n, 3, CHIP_SIZE, CHIP_SIZE]),
        t: new ort.Tensor('float32', targets, [n, d]),
        w: new ort.Tensor('float32', new Float32Array(n).fill(1 / n), [n]),
      };
      graph.params.forEach((p, i) => (feeds[p.name] = new ort.Tensor('float32', weights[i]!, [...p.dims])));
      const result = await session.run(feeds);
      const loss = (result[TRAIN_LOSS]!.data as Float32Array)[0]!;
      const alpha = (learningRate * Math.sqrt(1 - ADAM_BETA2 ** step)) / (1 - ADAM_BETA1 ** step);
      graph.params.forEach((p, i) => {
        const g = result[gradName(p.name)]!.data as Float32Array;
        const w = weights[i]!;
        const mi = m[i]!;
        const vi = v[i]!;
        for (let j = 0; j < w.length; j++) {
          const gj = g[j]!;
          const m1 = ADAM_BETA1 * mi[j]! + (1 - ADAM_BETA1) * gj;
          const v1 = ADAM_BETA2 * vi[j]! + (1 - ADAM_BETA2) * gj * gj;
          mi[j] = m1;
          vi[j] = v1;
          w[j] = w[j]! - (alpha * m1) / (Math.sqrt(v1) + ADAM_EPSILON);
        }
      });
      for (const r of Object.values(result)) r.dispose();
      return loss;
    },
    release: () => session.release(),
  };
}

export interface DistillData {
  readonly train: readonly ChipChunk[];
  readonly dev: readonly ChipChunk[];
}

export interface DistillHooks {
  /** After each step: views done this epoch, of how many, the running loss. */
  onStep?(epoch: number, done: number, total: number, loss: number): void;
  /** After each scoring of the development people, with the state to checkpoint and whether it is the best so far. */
  onEpoch?(state: DistillState, record: EpochRecord, isBest: boolean): Promise<void>;
  /** Before the first epoch: how many views an epoch has and what the teacher scores on dev. */
  onStart?(info: { readonly trainPhotos: number; readonly viewsPerEpoch: number; readonly devPhotos: number; readonly teacher: { devMasked: number; devUnmasked: number } }): void;
}

/** The development score of the weights; `chips` holds each dev photo's chip then its mirror image. */
async function scoreDev(net: Network, dev: readonly Photo[], chips: readonly Uint8Array[], weights: readonly Float32Array[]): Promise<{ devMasked: number; devUnmasked: number }> {
  const vectors = await net.embed(chips, weights);
  const samples: DevSample[] = dev.map((p, i) => ({ person: p.person, masked: p.masked, vector: vectors[2 * i]!, mirrored: vectors[2 * i + 1]! }));
  const s = devScore(samples, (v) => v);
  return { devMasked: s.masked, devUnmasked: s.unmasked };
}

/** Trains from `state` (a fresh start when undefined) to `options.epochs`. Returns the last state. */
export async function distill(model: ReadModel, data: DistillData, options: DistillOptions, state: DistillState | undefined, hooks: DistillHooks = {}): Promise<DistillState> {
  const net = await loadNetwork(model, options);
  const train = photosOf(data.train);
  const dev = photosOf(data.dev);
  const devChips = dev.flatMap((p) => [p.chips[0]!, mirrored(p.chips[0]!)]);
  // Teacher targets: every unmasked photo as it is and mirrored; a person's unmasked mean for real masked photos.
  const unmasked = train.filter((p) => !p.masked);
  const teacherVectors = await net.embed(unmasked.flatMap((p) => [p.chips[0]!, mirrored(p.chips[0]!)]), net.initial);
  const targets: Float32Array[] = teacherVectors.map((v) => unit(v));
  const means = new Map<string, Float32Array>();
  unmasked.forEach((p, i) => {
    const m = means.get(p.person) ?? new Float32Array(net.embeddingSize);
    for (const v of [targets[2 * i]!, targets[2 * i + 1]!]) for (let j = 0; j < m.length; j++) m[j] = m[j]! + v[j]!;
    means.set(p.person, m);
  });
  const meanIndex = new Map<string, number>();
  for (const [person, m] of means) {
    meanIndex.set(person, targets.length);
    targets.push(unit(m));
  }
  const teacher = state?.teacher ?? (await scoreDev(net, dev, devChips, net.initial));

  let current: DistillState = state ?? {
    epoch: 0,
    position: 0,
    step: 0,
    weights: net.initial.map((w) => Float32Array.from(w)),
    m: net.initial.map((w) => new Float32Array(w.length)),
    v: net.initial.map((w) => new Float32Array(w.length)),
    history: [],
    best: undefined,
    teacher,
  };
  const stepper = await createStepper(model, options);
  const d = net.embeddingSize;

  const epochViews = (rng: Rng): View[] => {
    const views: View[] = [];
    unmasked.forEach((p, i) => {
      if (p.chips.length > 1) views.push({ chip: p.chips[1 + Math.floor(rng() * (p.chips.length - 1))]!, target: 2 * i, symmetric: false });
    });
    for (const p of train) {
      const t = meanIndex.get(p.person);
      if (p.masked && t !== undefined) views.push({ chip: p.chips[0]!, target: t, symmetric: true });
    }
    const extra = Math.round((views.length * options.unmaskedShare) / (1 - options.unmaskedShare));
    for (let k = 0; k < extra; k++) {
      const i = Math.floor(rng() * unmasked.length);
      views.push({ chip: unmasked[i]!.chips[0]!, target: 2 * i, symmetric: false });
    }
    return shuffleInPlace(views, rng);
  };
  const viewsPerEpoch = epochViews(createRng(options.seed)).length;
  const stepsPerEpoch = Math.floor(viewsPerEpoch / options.batchSize);
  const totalSteps = stepsPerEpoch * options.epochs;
  hooks.onStart?.({ trainPhotos: train.length, viewsPerEpoch, devPhotos: dev.length, teacher });
  // Linear warm-up over the first steps, then cosine decay to a tenth over the whole run.
  const rateAt = (step: number): number =>
    step < options.warmupSteps ? (options.learningRate * (step + 1)) / options.warmupSteps : options.learningRate * (0.1 + 0.45 * (1 + Math.cos((Math.PI * Math.min(step, totalSteps)) / Math.max(1, totalSteps))));

  try {
    let roundStarted = performance.now();
    let lossSum = 0;
    let seen = 0;
    for (let epoch = current.epoch + 1; epoch <= options.epochs; epoch++) {
      const views = epochViews(createRng((options.seed * 1000003 + epoch) >>> 0));
      const { weights, m, v } = current;
      for (let index = current.position; index < stepsPerEpoch; index++) {
        const start = index * options.batchSize;
        const batch = views.slice(start, start + options.batchSize);
        // Each batch's own seed: a resumed run sees what an uninterrupted one would.
        const rng = createRng((options.seed * 7919 + epoch * 1000003 + index) >>> 0);
        const n = batch.length;
        const chips: Uint8Array[] = [];
        const t = new Float32Array(n * d);
        for (const [k, view] of batch.entries()) {
          const mirror = rng() < 0.5;
          chips.push(await augmentChip({ width: CHIP_SIZE, height: CHIP_SIZE, data: view.chip }, mirror, rng, options.augment));
          t.set(targets[view.target + (mirror && !view.symmetric ? 1 : 0)]!, k * d);
        }
        const step = current.step + 1;
        const learningRate = rateAt(step - 1);
        lossSum += (await stepper.step(chips, t, { weights, m, v }, step, learningRate)) * n;
        seen += n;
        const position = index + 1;
        current = { ...current, step, position: position === stepsPerEpoch ? 0 : position, epoch: position === stepsPerEpoch ? epoch : epoch - 1 };
        hooks.onStep?.(epoch, position * options.batchSize, stepsPerEpoch * options.batchSize, lossSum / seen);
        if (step % options.evalEvery !== 0 && position !== stepsPerEpoch) continue;
        // An evaluation round: score the development people, keep the best, checkpoint.
        const seconds = (performance.now() - roundStarted) / 1000;
        const scored = await scoreDev(net, dev, devChips, weights);
        const at = epoch - 1 + position / stepsPerEpoch;
        const record: EpochRecord = { epoch: Math.round(at * 1000) / 1000, step, loss: lossSum / Math.max(1, seen), ...scored, learningRate, seconds, photosPerSecond: seen / seconds };
        const counts = scored.devUnmasked >= teacher.devUnmasked - options.keepMargin;
        const isBest = counts && (current.best === undefined || scored.devMasked > current.best.devMasked);
        current = {
          ...current,
          history: [...current.history, record],
          best: isBest ? { epoch: record.epoch, step, devMasked: scored.devMasked, devUnmasked: scored.devUnmasked } : current.best,
        };
        await hooks.onEpoch?.(current, record, isBest);
        roundStarted = performance.now();
        lossSum = 0;
        seen = 0;
      }
    }
  } finally {
    await stepper.release();
    await net.release();
  }
  return current;
}

/** The student (the teacher's graph with `weights`, its parameters in initializer order) as an ONNX file for one photo that scales its own input. */
export function studentModel(teacher: ReadModel, weights: readonly Float32Array[], embeddingSize: number, options: Pick<DistillOptions, 'mean' | 'std'>): Uint8Array {
  const params = teacher.initializers.filter((t) => t.data instanceof Float32Array);
  const byName = new Map(params.map((p, i) => [p.name, weights[i]!]));
  return encodeModel(inferenceGraph(teacher, byName, { side: CHIP_SIZE, channels: 3, embeddingSize, mean: options.mean, std: options.std }));
}

// ---- checkpoints: a JSON header, then every weight, first and second moment, as float32 ----

const MAGIC = 'maskface-distill-1';

export async function writeCheckpoint(path: string, state: DistillState): Promise<void> {
  const { weights, m, v, ...rest } = state;
  const header = Buffer.from(JSON.stringify({ magic: MAGIC, ...rest, sizes: weights.map((w) => w.length) }));
  const arrays = [...weights, ...m, ...v];
  const total = 4 + header.length + arrays.reduce((n, a) => n + a.byteLength, 0);
  const out = Buffer.alloc(total);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 4);
  let at = 4 + header.length;
  for (const a of arrays) {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, at);
    at += a.byteLength;
  }
  await writeFile(`${path}.tmp`, out);
  await rename(`${path}.tmp`, path);
}

export async function readCheckpoint(path: string): Promise<DistillState> {
  const buf = await readFile(path);
  const length = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + length).toString('utf8')) as Omit<DistillState, 'weights' | 'm' | 'v'> & { magic: string; sizes: number[] };
  if (header.magic !== MAGIC) throw new RangeError('not a distill checkpoint');
  let at = 4 + length;
  const take = (n: number): Float32Array => {
    const a = new Float32Array(n);
    Buffer.from(a.buffer).set(buf.subarray(at, at + 4 * n));
    at += 4 * n;
    return a;
  };
  const weights = header.sizes.map(take);
  const m = header.sizes.map(take);
  const v = header.sizes.map(take);
  const { magic: _, sizes: __, ...rest } = header;
  return { ...rest, weights, m, v };
}
