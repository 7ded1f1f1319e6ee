/**
 * `maskface fit-backbone`: fine-tunes MobileFace's descriptor layer (dense 2048 -> 256 with its
 * batch norm folded in) with the CosFace loss on people who are never tested, each unmasked photo
 * also seen under synthetic masks and every photo also mirrored, and keeps the checkpoint that
 * scores best on development people (`dev-score.ts`). The trunk stays frozen, so its features are
 * computed once (`trunk-features.ts`) and an epoch takes seconds.
 *
 * The output folder holds `head.bin` (the best layer: the `mobileface-tuned` embedder reads it),
 * `checkpoint-last.bin` (what `--resume` goes on from), `history.json` and `fit.json` (the recipe:
 * options, people, photos, time); every file is written atomically. Trunk features are cached in
 * `<out>/.cache`.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MaskfaceError } from '../../errors.js';
import type { Tf } from '../../engine/tf.js';
import { writeFileAtomic } from '../../image/io.js';
import { type CosfaceHead, type CosfaceHeadOptions, type CosfaceTrainingState, type HeadTrainingVector, trainCosfaceHead } from '../../methods/cosface-head.js';
import { readTensorFile, writeTensorFile, type NamedArray } from '../../model-folder/tensor-file.js';
import { loadMobilefaceTrunk, MOBILEFACE_DIMENSION, MOBILEFACE_TRUNK_DIMENSION } from '../../models/mobileface/index.js';
import { HEAD_FILE, HEAD_FORMAT, type TunedHeadMeta, tunedLayer } from '../../models/mobileface-tuned/index.js';
import { type DevSample, type DevScore, devScore } from './dev-score.js';
import { collectFitPhotos } from './photos.js';
import { trunkFeatures } from './trunk-features.js';
import { softwareVersions } from '../write-model-dir.js';

export const FIT_CHECKPOINT_FILE = 'checkpoint-last.bin';
export const FIT_HISTORY_FILE = 'history.json';
export const FIT_RECIPE_FILE = 'fit.json';

export interface FitBackboneOptions {
  /** Dataset folders (RMFD layout or one folder per person). */
  readonly datasets: readonly string[];
  /** People to learn from (folder names). */
  readonly trainPeople: ReadonlySet<string>;
  /** People who score the checkpoints (never learned from). */
  readonly devPeople: ReadonlySet<string>;
  readonly out: string;
  /** Synthetic masks per unmasked training photo; default 2. */
  readonly syntheticMasks?: number;
  /** At most this many photos per person and group; default 12. */
  readonly maxPerPerson?: number;
  /** CosFace and Adam settings (`initial` is MobileFace's own layer). */
  readonly head?: Omit<CosfaceHeadOptions, 'initial' | 'outputDimension' | 'hiddenDimension'>;
  /** Go on from `<out>/checkpoint-last.bin`. */
  readonly resume?: boolean;
  readonly onExtract?: (done: number, total: number) => void;
  readonly onEpoch?: (epoch: number, epochs: number, loss: number, score: number | undefined) => void;
  readonly log?: (line: string) => void;
}

/** The fine-tuning defaults, chosen on the development people (docs/models.md). */
export const FIT_DEFAULTS = {
  syntheticMasks: 2,
  maxPerPerson: 12,
  head: { epochs: 15, learningRate: 3e-4, weightDecay: 1e-3, inputDropout: 0.1, batchSize: 256, scale: 30, margin: 0.35, seed: 1 },
} as const;

export interface FitBackboneResult {
  readonly epoch: number;
  readonly dev: DevScore;
  /** The shipped layer's score on the same development people, before any training. */
  readonly before: DevScore;
  readonly trainPhotos: number;
  readonly noFace: number;
  readonly seconds: number;
}

interface CheckpointMeta {
  readonly format: 'maskface-fit-checkpoint';
  readonly epoch: number;
  readonly variables: number;
  readonly history: CosfaceTrainingState['history'];
  readonly best?: { readonly epoch: number; readonly score: number };
}

async function writeCheckpoint(path: string, state: CosfaceTrainingState): Promise<void> {
  const arrays: NamedArray[] = [
    ...state.variables.map((data, i) => ({ name: `variable${i}`, shape: [data.length], data })),
    ...state.optimizer.map((data, i) => ({ name: `adam${i}`, shape: [data.length], data })),
    ...(state.best === undefined ? [] : [{ name: 'bestKernel', shape: [state.best.head.first.length], data: state.best.head.first }, { name: 'bestBias', shape: [state.best.head.outputBias.length], data: state.best.head.outputBias }]),
  ];
  const meta: CheckpointMeta = { format: 'maskface-fit-checkpoint', epoch: state.epoch, variables: state.variables.length, history: state.history, ...(state.best !== undefined && { best: { epoch: state.best.epoch, score: state.best.score } }) };
  await writeTensorFile(path, meta, arrays);
}

async function readCheckpoint(path: string): Promise<CosfaceTrainingState> {
  const { meta, arrays } = await readTensorFile<CheckpointMeta>(path).catch((err: Error) => {
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `--resume: cannot read ${path} (${err.message}). Start without --resume, or point --out at the folder of the run to continue.`);
  });
  if (meta.format !== 'maskface-fit-checkpoint') throw new MaskfaceError('MF_INVALID_ARGUMENT', `--resume: ${path} is not a fit-backbone checkpoint. Point --out at the folder of the run to continue.`);
  const variables = Array.from({ length: meta.variables }, (_, i) => arrays.get(`variable${i}`)!.data);
  const optimizer = [...arrays.keys()].filter((k) => k.startsWith('adam')).sort((a, b) => Number(a.slice(4)) - Number(b.slice(4))).map((k) => arrays.get(k)!.data);
  const kernel = arrays.get('bestKernel')?.data;
  const bias = arrays.get('bestBias')?.data;
  const best = meta.best !== undefined && kernel !== undefined && bias !== undefined ? { epoch: meta.best.epoch, score: meta.best.score, head: tunedLayer(kernel, bias) } : undefined;
  return { epoch: meta.epoch, variables, optimizer, history: meta.history, ...(best !== undefined && { best }) };
}

/** Writes the tuned layer as the `mobileface-tuned` embedder reads it. */
export async function writeTunedHead(path: string, head: CosfaceHead, meta: Omit<TunedHeadMeta, 'format' | 'inputDimension' | 'outputDimension'>): Promise<void> {
  const full: TunedHeadMeta = { format: HEAD_FORMAT, inputDimension: head.inputDimension, outputDimension: head.outputDimension, ...meta };
  await writeTensorFile(path, full, [
    { name: 'kernel', shape: [head.inputDimension, head.outputDimension], data: head.first },
    { name: 'bias', shape: [head.outputDimension], data: head.outputBias },
  ]);
}

/** What a fine-tuning run learns from and is scored on, and where it starts. */
export interface FitInputs {
  readonly samples: HeadTrainingVector[];
  readonly dev: DevSample[];
  /** MobileFace's own descriptor layer, batch norm folded in. */
  readonly shipped: CosfaceHead;
  /** The shipped layer's development score. */
  readonly before: DevScore;
  readonly trainPhotos: number;
  readonly noFace: number;
}

/** Collects the photos, computes (or reads) their trunk features and folds MobileFace's own layer. */
export async function fitInputs(options: Pick<FitBackboneOptions, 'datasets' | 'trainPeople' | 'devPeople' | 'out' | 'syntheticMasks' | 'maxPerPerson' | 'onExtract' | 'log'>): Promise<FitInputs> {
  const log = options.log ?? ((): void => undefined);
  const syntheticMasks = options.syntheticMasks ?? FIT_DEFAULTS.syntheticMasks;
  const sets = await collectFitPhotos(options.datasets, options.trainPeople, options.devPeople, { syntheticMasks, maxPerPerson: options.maxPerPerson ?? FIT_DEFAULTS.maxPerPerson });
  log(`photos: ${sets.train.length} to learn from (${options.trainPeople.size} people, ${syntheticMasks} synthetic masks per unmasked photo), ${sets.dev.length} development photos (${options.devPeople.size} people)`);
  const { features, noFace } = await trunkFeatures([...sets.dev, ...sets.train], options.out, options.onExtract);
  log(`trunk features: ${features.size} photos; no face with five landmarks in ${noFace.length} (left out)`);

  const samples: HeadTrainingVector[] = [];
  for (const p of sets.train) {
    const f = features.get(p);
    if (f === undefined) continue;
    samples.push({ vector: f.vector, label: p.person }, { vector: f.mirrored, label: p.person });
  }
  const dev: DevSample[] = sets.dev.flatMap((p) => {
    const f = features.get(p);
    return f === undefined ? [] : [{ person: p.person, masked: p.group === 'masked', vector: f.vector, mirrored: f.mirrored }];
  });
  if (dev.filter((d) => d.masked).length === 0 || new Set(dev.map((d) => d.person)).size < 2) {
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `--dev-people: the development people need masked and unmasked photos, and at least 2 people; found ${dev.length} photos of ${new Set(dev.map((d) => d.person)).size} people. List people with both kinds of photo.`);
  }

  const trunk = await loadMobilefaceTrunk();
  const dense = trunk.dense();
  trunk.dispose();
  // The batch norm folded into the layer: x W * scale + shift = x (W diag(scale)) + shift.
  const weights = new Float32Array(dense.kernel.length);
  for (let i = 0; i < MOBILEFACE_TRUNK_DIMENSION; i++) for (let j = 0; j < MOBILEFACE_DIMENSION; j++) weights[i * MOBILEFACE_DIMENSION + j] = dense.kernel[i * MOBILEFACE_DIMENSION + j]! * dense.scale[j]!;
  const shipped = tunedLayer(weights, dense.shift);
  return { samples, dev, shipped, before: devScore(dev, (v) => shipped.embed(v)), trainPhotos: sets.train.length, noFace: noFace.length };
}

export async function fitBackbone(tf: Tf, options: FitBackboneOptions): Promise<FitBackboneResult> {
  const started = Date.now();
  const log = options.log ?? ((): void => undefined);
  const syntheticMasks = options.syntheticMasks ?? FIT_DEFAULTS.syntheticMasks;
  const maxPerPerson = options.maxPerPerson ?? FIT_DEFAULTS.maxPerPerson;
  const headOptions = { ...FIT_DEFAULTS.head, ...options.head };
  await mkdir(options.out, { recursive: true });
  const checkpointPath = join(options.out, FIT_CHECKPOINT_FILE);
  if (options.resume === true && !existsSync(checkpointPath)) throw new MaskfaceError('MF_INVALID_ARGUMENT', `--resume: ${checkpointPath} does not exist. Start without --resume, or point --out at the folder of the run to continue.`);
  const { samples, dev, shipped, before, trainPhotos, noFace } = await fitInputs(options);
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
  log(`development score of the shipped layer: masked ${pct(before.masked)}, unmasked ${pct(before.unmasked)}`);

  const resume = options.resume === true ? await readCheckpoint(checkpointPath) : undefined;
  if (resume !== undefined) log(`resuming after epoch ${resume.epoch} of ${headOptions.epochs}`);
  const scores = new Map<number, ReturnType<typeof devScore>>();
  let bestSaved = resume?.best?.score ?? -Infinity;
  const recipe = {
    base: 'mobileface',
    datasets: [...options.datasets],
    trainPeople: options.trainPeople.size,
    devPeople: options.devPeople.size,
    trainPhotos,
    trainSamples: samples.length,
    noFace,
    syntheticMasks,
    maxPerPerson,
    head: headOptions,
    before,
    software: softwareVersions(),
  };
  const result = await trainCosfaceHead(
    tf,
    samples,
    { ...headOptions, outputDimension: MOBILEFACE_DIMENSION, hiddenDimension: 0, initial: { weights: shipped.first, bias: shipped.outputBias } },
    {
      every: 1,
      score: (head, epoch) => {
        const s = devScore(dev, (v) => head.embed(v));
        scores.set(epoch, s);
        return s.score;
      },
    },
    (epoch, loss) => {
      const s = scores.get(epoch);
      options.onEpoch?.(epoch, headOptions.epochs, loss, s?.score);
    },
    {
      ...(resume !== undefined && { resume }),
      onState: async (state) => {
        if (state.best !== undefined && state.best.score > bestSaved) {
          bestSaved = state.best.score;
          const s = scores.get(state.best.epoch)!;
          await writeTunedHead(join(options.out, HEAD_FILE), state.best.head, { epoch: state.best.epoch, dev: s, before, recipe });
        }
        await writeCheckpoint(checkpointPath, state);
        await writeFileAtomic(join(options.out, FIT_HISTORY_FILE), `${JSON.stringify(state.history, null, 1)}\n`);
      },
    },
  );
  const seconds = (Date.now() - started) / 1000;
  const dev2 = scores.get(result.epoch) ?? devScore(dev, (v) => result.head.embed(v));
  await writeFileAtomic(join(options.out, FIT_RECIPE_FILE), `${JSON.stringify({ ...recipe, bestEpoch: result.epoch, dev: dev2, seconds }, null, 1)}\n`);
  return { epoch: result.epoch, dev: dev2, before, trainPhotos, noFace, seconds };
}
