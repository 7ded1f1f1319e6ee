/**
 * `maskface train`: a prepared dataset in, a model folder out. Photos become rows (pixels for
 * VGG16, cached embeddings for a face backbone), the protocol splits and balances them, the loop
 * trains the head (and VGG16 blocks 4-5), and the best and last epochs are saved atomically.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Tf } from '../engine/tf.js';
import { getTf } from '../engine/tf.js';
import { applyProtocol, createRng, stratifiedSplit, type Resampled } from '../balance/index.js';
import { MaskfaceError } from '../errors.js';
import { IMAGENET_BGR_MEAN, VGG16_INPUT_SIZE } from '../models/vgg16/index.js';
import { Adam } from './adam.js';
import { isBackboneName, loadBackbone } from '../model-folder/backbones.js';
import { trainLdaModel } from './lda-model.js';
import type { EpochRecord, LoopState, RowSource } from './loop.js';
import { evaluateRows, initialLoopState, runLoop } from './loop.js';
import { createFrozenRunner, type FrozenRunner } from './frozen-runner.js';
import { createOnnxTrunk, type OnnxTrunk } from './onnx-trunk.js';
import type { ModelMeta } from '../model-folder/model-dir.js';
import { BEST_WEIGHTS_FILE, LAST_CHECKPOINT_FILE, networkFor } from '../model-folder/model-dir.js';
import type { Network } from '../model-folder/network.js';
import { disposeNetwork } from '../model-folder/network.js';
import { assignWeights, collectWeights, trainableVariables } from '../model-folder/network-weights.js';
import type { TrainOptions, TrainOptionsInput } from './options.js';
import { resolveTrainOptions } from './options.js';
import { featurePreprocessing, featureRows, listPhotos, pixelRows } from './photos.js';
import type { RowStore } from './rows.js';
import { pixelSource, precomputeFrozen, vectorSource } from './rows.js';
import { readTensorFile, writeTensorFile } from '../model-folder/tensor-file.js';
import { loadVgg16WeightsOrWarn } from './vgg16-weights.js';
import { softwareVersions, writeHistory, writeModelMeta } from './write-model-dir.js';

export type SampleKind = 'masked' | 'unmasked' | 'synthetic';

export interface TrainHooks {
  /** Work before the first epoch: reading photos, features, frozen outputs. */
  onStage?(stage: string, done: number, total: number): void;
  onBatch?(epoch: number, done: number, total: number, loss: number, accuracy: number): void;
  onEpoch?(record: EpochRecord): void;
  /** Loud messages (random VGG16 weights). Default: stderr. */
  warn?(message: string): void;
}

export interface TrainResult {
  readonly classes: readonly string[];
  readonly history: readonly EpochRecord[];
  readonly bestEpoch: number;
  readonly bestValAccuracy: number;
  /** The kept (best) model's answers on the validation (test) rows. */
  readonly predictions: { readonly classes: readonly string[]; readonly truth: number[]; readonly predicted: number[]; readonly kinds: SampleKind[] };
  readonly counts: { readonly trainBeforeBalancing: number; readonly trainAfterBalancing: number; readonly test: number; readonly totalImages: number };
  readonly trainSeconds: number;
  readonly evaluateSeconds: number;
}

interface CheckpointMeta {
  readonly state: LoopState;
  readonly adamStep: number;
  readonly classes: readonly string[];
  readonly backbone: string;
}

/**
 * The last checkpoint (weights + Adam moments: 3x the trainable weights) is written at most this
 * often and after the last epoch: a feature-vector epoch takes about a second, and rewriting
 * 25 MB each second would cost more than the training.
 */
export const CHECKPOINT_INTERVAL_MS = 30_000;

const GROUP_MASKED = 0;
const GROUP_UNMASKED = 1;

/** -Infinity does not survive JSON; a state read back has null there. */
const revive = (v: number | null): number => (v === null ? -Infinity : v);

function preprocessingText(options: TrainOptions, size: number, variant: string | undefined): string {
  if (options.backbone === 'vgg16') return `letterbox to ${size}x${size}, RGB->BGR minus ImageNet means [${IMAGENET_BGR_MEAN.join(', ')}] (Keras caffe mode)`;
  return `letterbox to ${size}x${size}, then the ${options.backbone} embedder's own preprocessing (${featurePreprocessing(size, variant)})`;
}

function balancingOf(options: TrainOptions): { method: 'none' | 'undersample' | 'oversample' | 'smote'; perGroup: boolean } {
  if (options.balance === 'smote-per-group') return { method: 'smote', perGroup: true };
  return { method: options.balance, perGroup: false };
}

/** Photos per forward/backward pass through VGG16 blocks 4-5: ~10 MB of activations and gradients each. */
export const VGG16_MICRO_BATCH = 16;

export async function trainModel(input: TrainOptionsInput, hooks: TrainHooks = {}): Promise<TrainResult> {
  const resolved = resolveTrainOptions(input);
  if (resolved.method === 'lda') return trainLdaModel(resolved, hooks);
  if (resolved.background !== undefined) throw new MaskfaceError('MF_INVALID_ARGUMENT', `--background ${resolved.background}: background people shape the projection of --method lda; the head has none. Drop --background or use --method lda.`);
  const options = { ...resolved, microBatchSize: resolved.microBatchSize ?? (resolved.backbone === 'vgg16' ? VGG16_MICRO_BATCH : resolved.batchSize) };
  const warn = hooks.warn ?? ((m: string) => console.error(m));
  const tf = await getTf();
  const started = performance.now();
  if (options.augment && options.backbone !== 'vgg16') {
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `--augment: on-the-fly augmentation needs pixels through the trained network; with --backbone ${options.backbone} the features are computed once. Drop --augment or use --backbone vgg16.`);
  }
  const set = await listPhotos(options.dataDir);
  if (set.preparedDir === undefined) {
    throw new MaskfaceError('MF_BAD_MANIFEST', `${options.dataDir}: no manifest.json. Run \`maskface dataset prepare <dataset> --out ${options.dataDir}\` first.`, { file: options.dataDir });
  }
  const photos = set.photos;
  const classes = [...new Set(photos.map((p) => p.person))].sort();
  if (classes.length < 2) throw new MaskfaceError('MF_EMPTY_DATASET', `${options.dataDir}: ${classes.length} person; training needs at least 2.`, { file: options.dataDir });
  const classOf = new Map(classes.map((c, i) => [c, i]));
  const labels = Int32Array.from(photos, (p) => classOf.get(p.person) ?? -1);
  const groups = Int32Array.from(photos, (p) => (p.group === 'masked' ? GROUP_MASKED : GROUP_UNMASKED));
  const size = options.inputSize ?? VGG16_INPUT_SIZE;

  // Rows: pixels or features.
  const stage = (name: string) => (done: number, total: number) => hooks.onStage?.(name, done, total);
  let data: Uint8Array | Float32Array;
  let rowLength: number;
  let variant: string | undefined;
  if (isBackboneName(options.backbone)) {
    const embedder = await loadBackbone(options.backbone);
    variant = embedder.variant;
    try {
      data = await featureRows(set, embedder, size, stage(`features (${options.backbone})`));
      rowLength = embedder.dimension;
    } finally {
      embedder.dispose();
    }
  } else {
    data = await pixelRows(photos, size, stage('photos'));
    rowLength = size * size * 3;
  }

  // Split and balance (src/balance): ids < n are photos, ids >= n synthetic rows.
  const { method, perGroup } = balancingOf(options);
  const manifestTest = Uint8Array.from(photos, (p) => (p.split === 'test' ? 1 : 0));
  const split = options.protocol === 'leak-free' ? () => manifestTest : stratifiedSplit(options.testFraction, options.seed);
  const result = applyProtocol({ data, rowLength, labels }, {
    protocol: options.protocol, method, seed: options.seed, k: options.k, smallClass: options.smallClass,
    classNames: classes.map((c) => `person ${c}`), split, ...(perGroup ? { groups } : {}),
  });
  const store = rowStore(data, rowLength, labels, result);
  const n = photos.length;
  if (result.train.length === 0 || result.test.length === 0) {
    throw new MaskfaceError('MF_EMPTY_DATASET', `${options.dataDir}: ${result.train.length} training and ${result.test.length} test rows; both must be non-empty. Prepare the dataset with a test fraction above 0.`, { file: options.dataDir });
  }

  // Network.
  const meta0 = {
    classes, backbone: options.backbone, fineTune: options.fineTune, inputSize: size,
    ...(options.vgg16Blocks ? { vgg16Blocks: options.vgg16Blocks } : {}),
  } as const;
  const net = networkFor(tf, meta0);
  let initialWeights = 'none (face backbone)';
  if (options.backbone === 'vgg16') {
    const source = await loadVgg16WeightsOrWarnVia(tf, net, options.weights, warn);
    initialWeights = source;
  }
  const adam = new Adam(tf, trainableVariables(net), options.learningRate);
  let frozenRunner: FrozenRunner | undefined;
  let trunk: OnnxTrunk | undefined;
  try {
    let state = initialLoopState(options.learningRate);
    const lastPath = join(options.outDir, LAST_CHECKPOINT_FILE);
    if (options.resume) {
      if (!existsSync(lastPath)) throw new MaskfaceError('MF_FILE_NOT_FOUND', `${lastPath}: no checkpoint to resume from. Train without --resume first.`, { file: lastPath });
      state = await restoreCheckpoint(tf, net, adam, lastPath, classes, options.backbone);
    }

    // Sources: through the frozen part each time, or from its outputs computed once.
    const isPixels = data instanceof Uint8Array;
    const augmentRng = options.augment ? createRng(options.seed + 0x5bd1e995 + state.epoch) : undefined;
    const baseSource = (ids: Int32Array): RowSource =>
      isPixels ? pixelSource(tf, store as RowStore<Uint8Array>, ids, size, augmentRng) : vectorSource(tf, store as RowStore<Float32Array>, ids, [rowLength]);
    let trainSource = baseSource(result.train);
    let testSource = baseSource(result.test);
    let loopNet: Network = net;
    frozenRunner = await createFrozenRunner(tf, net);
    const frozenShape = net.frozen.at(-1)?.outputs[0]?.shape.slice(1) as number[] | undefined;
    const frozenBytes = (frozenShape ?? []).reduce((a, b) => a * b, 4) * (result.train.length + result.test.length);
    if (!options.augment && frozenShape !== undefined && frozenBytes <= options.frozenCacheMb * 2 ** 20) {
      const train = await precomputeFrozen(tf, net, frozenRunner, trainSource, options.microBatchSize, stage('frozen layers (train)'));
      const test = await precomputeFrozen(tf, net, frozenRunner, testSource, options.microBatchSize, stage('frozen layers (test)'));
      trainSource = vectorSource(tf, train.store, Int32Array.from(result.train, (_, i) => i), train.shape);
      testSource = vectorSource(tf, test.store, Int32Array.from(result.test, (_, i) => i), test.shape);
      loopNet = { frozen: [], trainable: net.trainable };
    }
    const loopRunner = loopNet === net ? frozenRunner : await createFrozenRunner(tf, loopNet);
    const trunkPart = net.trainable[0];
    trunk = options.backbone === 'vgg16' && options.fineTune === 'blocks4-5' && trunkPart !== undefined ? await createOnnxTrunk(tf, trunkPart) : undefined;

    const metaOf = (s: LoopState): ModelMeta => ({
      format: 'maskface-classifier', version: 1, ...meta0, classes,
      preprocessing: preprocessingText(options, size, variant), ...(variant === undefined ? {} : { backboneVariant: variant }), initialWeights,
      options: { ...options }, history: [...s.history], bestEpoch: s.bestEpoch, bestValAccuracy: Number.isFinite(s.best) ? s.best : 0,
      software: softwareVersions(), createdAt: new Date().toISOString(),
    });
    let epochNow = state.epoch;
    let lastSave = performance.now();
    let savedEpoch = state.epoch;
    const saveLast = async (s: LoopState): Promise<void> => {
      const adamState = adam.getState();
      const moments = adamState.moments.flatMap((m, i) => [
        { name: `adam/m/${i}`, shape: [m.m.length], data: m.m },
        { name: `adam/v/${i}`, shape: [m.v.length], data: m.v },
      ]);
      await writeTensorFile<CheckpointMeta>(lastPath, { state: s, adamStep: adamState.step, classes, backbone: options.backbone }, [...collectWeights(net), ...moments]);
      lastSave = performance.now();
      savedEpoch = s.epoch;
    };
    const final = await runLoop(tf, loopNet, loopRunner, adam, trainSource, testSource, classes.length, options, state, {
      onBatch: (done, total, loss, accuracy) => hooks.onBatch?.(epochNow + 1, done, total, loss, accuracy),
      onBest: async (record) => {
        await writeTensorFile(join(options.outDir, BEST_WEIGHTS_FILE), { epoch: record.epoch, valAccuracy: record.valAccuracy }, collectWeights(net));
      },
      onEpoch: async (record, s) => {
        epochNow = record.epoch;
        await writeHistory(options.outDir, s.history);
        await writeModelMeta(options.outDir, metaOf(s));
        if (performance.now() - lastSave >= CHECKPOINT_INTERVAL_MS) await saveLast(s);
        hooks.onEpoch?.(record);
      },
    }, trunk);
    if (final.epoch > savedEpoch) await saveLast(final);
    const trainSeconds = (performance.now() - started) / 1000;

    // The kept model's answers on the test rows.
    const evalStart = performance.now();
    const best = await readTensorFile(join(options.outDir, BEST_WEIGHTS_FILE));
    assignWeights(tf, net, best.arrays, BEST_WEIGHTS_FILE);
    const answers = await evaluateRows(tf, loopNet, loopRunner, testSource, options.microBatchSize, classes.length, trunk);
    const kinds = Array.from(result.test, (id): SampleKind => (id >= n ? 'synthetic' : groups[id] === GROUP_MASKED ? 'masked' : 'unmasked'));
    return {
      classes, history: final.history, bestEpoch: final.bestEpoch, bestValAccuracy: final.best,
      predictions: { classes, truth: Array.from(result.test, (id) => store.label(id)), predicted: Array.from(answers.predicted), kinds },
      counts: { trainBeforeBalancing: photos.filter((_, i) => manifestTest[i] !== 1).length, trainAfterBalancing: result.train.length, test: result.test.length, totalImages: result.train.length + result.test.length },
      trainSeconds, evaluateSeconds: (performance.now() - evalStart) / 1000,
    };
  } finally {
    await frozenRunner?.dispose();
    await trunk?.release();
    adam.dispose();
    disposeNetwork(net);
  }
}

async function loadVgg16WeightsOrWarnVia(tf: Tf, net: Network, explicit: string | undefined, warn: (m: string) => void): Promise<string> {
  const source = await loadVgg16WeightsOrWarn(tf, net, explicit, warn);
  return source.kind === 'imagenet' ? source.path : 'random';
}

function rowStore<T extends Uint8Array | Float32Array>(data: T, rowLength: number, labels: Int32Array, result: Resampled<T>): RowStore<T> {
  const n = labels.length;
  const synthetic = result.synthetic;
  return {
    rowLength,
    row: (id) => (id < n ? data.subarray(id * rowLength, (id + 1) * rowLength) : synthetic.data.subarray((id - n) * rowLength, (id - n + 1) * rowLength)) as T,
    label: (id) => (id < n ? (labels[id] as number) : (synthetic.labels[id - n] as number)),
  };
}

async function restoreCheckpoint(tf: Tf, net: Network, adam: Adam, path: string, classes: readonly string[], backbone: string): Promise<LoopState> {
  const { meta, arrays } = await readTensorFile<CheckpointMeta>(path);
  if (meta.backbone !== backbone || meta.classes.join('\n') !== classes.join('\n')) {
    throw new MaskfaceError('MF_BAD_WEIGHTS', `${path}: checkpoint of another run (backbone ${meta.backbone}, ${meta.classes.length} people; now ${backbone}, ${classes.length}). Use another --out folder or drop --resume.`, { file: path });
  }
  assignWeights(tf, net, arrays, path);
  const count = trainableVariables(net).length;
  const moments = Array.from({ length: count }, (_, i) => ({ m: arrays.get(`adam/m/${i}`)?.data ?? new Float32Array(0), v: arrays.get(`adam/v/${i}`)?.data ?? new Float32Array(0) }));
  adam.setState({ step: meta.adamStep, moments });
  const s = meta.state as unknown as Record<string, number | null> & LoopState;
  return { ...meta.state, best: revive(s.best), plateauBest: revive(s.plateauBest), stopBest: revive(s.stopBest) };
}

