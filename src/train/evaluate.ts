/**
 * `maskface evaluate`: a trained model on a dataset folder (prepared, or raw in RMFD or
 * folder-per-person layout). The model applies its own preprocessing: letterbox to its input size,
 * then VGG16's or its backbone's. Top-1 accuracy overall, on masked and on unmasked photos,
 * macro-F1, per-person precision and recall, confusion matrix.
 */
import { getTf } from '../engine/tf.js';
import { MaskfaceError } from '../errors.js';
import { isBackboneName, loadModelBackbone } from '../model-folder/backbones.js';
import { createFrozenRunner } from './frozen-runner.js';
import { evaluateRows } from './loop.js';
import { createOnnxTrunk } from './onnx-trunk.js';
import { loadModel } from '../model-folder/model-dir.js';
import { disposeNetwork } from '../model-folder/network.js';
import { embedLdaFeatures, predictClasses } from './lda-model.js';
import { isLdaModelDir, readLdaModel } from '../model-folder/lda-model-dir.js';
import type { Photo, PhotoSet, Progress } from './photos.js';
import { featureRows, listPhotos, pixelRows } from './photos.js';
import { pixelSource, vectorSource } from './rows.js';

export const EVAL_SPLITS = ['test', 'train', 'all'] as const;
export type EvalSplit = (typeof EVAL_SPLITS)[number];

export interface EvaluateOptions {
  /** Prepared folders: which split to evaluate; default 'test'. Raw folders: every photo. */
  readonly split?: EvalSplit;
  /** 'best' (ModelCheckpoint's epoch, default) or 'last' epoch's weights; an lda model has one state and ignores it. */
  readonly weights?: 'best' | 'last';
  readonly onProgress?: Progress;
}

export interface PersonScore {
  readonly person: string;
  /** Of the photos named this person, the share that are: 0..1 (0 when never named). */
  readonly precision: number;
  /** Of this person's photos, the share named right: 0..1. */
  readonly recall: number;
  readonly support: number;
}

export interface EvaluationReport {
  readonly n: number;
  /** Top-1 accuracy, 0..1. */
  readonly accuracy: number;
  /** On masked photos, 0..1; null when there are none. */
  readonly maskedAccuracy: number | null;
  readonly unmaskedAccuracy: number | null;
  readonly nMasked: number;
  readonly nUnmasked: number;
  /** Mean F1 over the people present in the truth or the answers (scikit-learn's macro average), 0..1. */
  readonly macroF1: number;
  readonly perPerson: readonly PersonScore[];
  /** Rows: true person, columns: predicted person, both in `classes` order. */
  readonly confusion: { readonly classes: readonly string[]; readonly matrix: readonly (readonly number[])[] };
  /** People of the dataset the model does not know: their photos were left out. */
  readonly unknownPeople: readonly string[];
  readonly split: EvalSplit | 'raw';
}

export function scorePredictions(classes: readonly string[], truth: ArrayLike<number>, predicted: ArrayLike<number>, masked: ArrayLike<boolean>): Omit<EvaluationReport, 'unknownPeople' | 'split'> {
  const k = classes.length;
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const counts = { all: [0, 0], masked: [0, 0], unmasked: [0, 0] };
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i] as number;
    const p = predicted[i] as number;
    (matrix[t] as number[])[p] = ((matrix[t] as number[])[p] ?? 0) + 1;
    const right = t === p ? 1 : 0;
    for (const key of ['all', masked[i] ? 'masked' : 'unmasked'] as const) {
      counts[key][0] = (counts[key][0] ?? 0) + right;
      counts[key][1] = (counts[key][1] ?? 0) + 1;
    }
  }
  const ratio = ([r, n]: number[]): number | null => ((n ?? 0) === 0 ? null : (r ?? 0) / (n ?? 1));
  const perPerson: PersonScore[] = [];
  const f1s: number[] = [];
  classes.forEach((person, c) => {
    const row = matrix[c] ?? [];
    const support = row.reduce((a, b) => a + b, 0);
    const namedAs = matrix.reduce((s, r) => s + (r[c] ?? 0), 0);
    const tp = row[c] ?? 0;
    const precision = namedAs === 0 ? 0 : tp / namedAs;
    const recall = support === 0 ? 0 : tp / support;
    if (support > 0 || namedAs > 0) {
      perPerson.push({ person, precision, recall, support });
      f1s.push(precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall));
    }
  });
  return {
    n: truth.length,
    accuracy: ratio(counts.all) ?? 0,
    maskedAccuracy: ratio(counts.masked),
    unmaskedAccuracy: ratio(counts.unmasked),
    nMasked: counts.masked[1] ?? 0,
    nUnmasked: counts.unmasked[1] ?? 0,
    macroF1: f1s.length === 0 ? 0 : f1s.reduce((a, b) => a + b, 0) / f1s.length,
    perPerson,
    confusion: { classes, matrix },
  };
}

export async function evaluateModel(modelDir: string, datasetDir: string, options: EvaluateOptions = {}): Promise<EvaluationReport> {
  if (await isLdaModelDir(modelDir)) return evaluateLdaModel(modelDir, datasetDir, options);
  const tf = await getTf();
  const set = await listPhotos(datasetDir);
  const split: EvalSplit | 'raw' = set.preparedDir === undefined ? 'raw' : (options.split ?? 'test');
  const { meta, net } = await loadModel(tf, modelDir, options.weights ?? 'best');
  try {
    const { photos, truth, unknownPeople } = photosOfModel(set, split, meta.classes, datasetDir);
    const ids = Int32Array.from(photos, (_, i) => i);
    let source;
    if (isBackboneName(meta.backbone)) {
      const embedder = await loadModelBackbone(meta.backbone, meta.backboneVariant, modelDir);
      try {
        const data = await featureRows({ photos, ...(set.preparedDir === undefined ? {} : { preparedDir: set.preparedDir }) }, embedder, meta.inputSize, options.onProgress);
        const dim = embedder.dimension;
        source = vectorSource(tf, { rowLength: dim, row: (i) => data.subarray(i * dim, (i + 1) * dim), label: (i) => truth[i] ?? 0 }, ids, [dim]);
      } finally {
        embedder.dispose();
      }
    } else {
      const data = await pixelRows(photos, meta.inputSize, options.onProgress);
      const len = meta.inputSize * meta.inputSize * 3;
      source = pixelSource(tf, { rowLength: len, row: (i) => data.subarray(i * len, (i + 1) * len), label: (i) => truth[i] ?? 0 }, ids, meta.inputSize);
    }
    const frozen = await createFrozenRunner(tf, net);
    const trunkPart = net.trainable[0];
    const trunk = meta.backbone === 'vgg16' && meta.fineTune === 'blocks4-5' && trunkPart !== undefined ? await createOnnxTrunk(tf, trunkPart) : undefined;
    const { predicted } = await evaluateRows(tf, net, frozen, source, 16, meta.classes.length, trunk).finally(async () => {
      await frozen.dispose();
      await trunk?.release();
    });
    return { ...scorePredictions(meta.classes, truth, predicted, photos.map((p) => p.group === 'masked')), unknownPeople, split };
  } finally {
    disposeNetwork(net);
  }
}

/** The photos of `split` whose person the model knows, their class indices, and the people left out. */
function photosOfModel(set: PhotoSet, split: EvalSplit | 'raw', classes: readonly string[], datasetDir: string): { photos: Photo[]; truth: number[]; unknownPeople: string[] } {
  const classOf = new Map(classes.map((c, i) => [c, i]));
  const inSplit = set.photos.filter((p) => split === 'raw' || split === 'all' || p.split === split);
  const unknownPeople = [...new Set(inSplit.filter((p) => !classOf.has(p.person)).map((p) => p.person))].sort();
  const photos: Photo[] = inSplit.filter((p) => classOf.has(p.person));
  if (photos.length === 0) {
    throw new MaskfaceError('MF_UNKNOWN_PERSON', `${datasetDir}: no photo of the model's ${classes.length} people${split === 'raw' ? '' : ` in the ${split} split`} (the folder's people: ${unknownPeople.slice(0, 5).join(', ') || 'none'}). Evaluate on the dataset the model was trained on, or on photos of the same people.`, { file: datasetDir });
  }
  return { photos, truth: photos.map((p) => classOf.get(p.person) ?? 0), unknownPeople };
}

/** An lda model folder (`maskface train --method lda`): mask-robust vectors, closed-set answer of the projection and class means. */
async function evaluateLdaModel(modelDir: string, datasetDir: string, options: EvaluateOptions): Promise<EvaluationReport> {
  const { meta, recognizer } = await readLdaModel(modelDir);
  const set = await listPhotos(datasetDir);
  const split: EvalSplit | 'raw' = set.preparedDir === undefined ? 'raw' : (options.split ?? 'test');
  const { photos, truth, unknownPeople } = photosOfModel(set, split, meta.classes, datasetDir);
  const { data, dimension } = await embedLdaFeatures({ photos, ...(set.preparedDir === undefined ? {} : { preparedDir: set.preparedDir }) }, options.onProgress, meta.embedder);
  const predicted = predictClasses(recognizer, meta.classes, data, dimension);
  return { ...scorePredictions(meta.classes, truth, predicted, photos.map((p) => p.group === 'masked')), unknownPeople, split };
}
