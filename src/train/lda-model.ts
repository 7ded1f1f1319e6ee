/**
 * `maskface train --method lda`: the mask-robust method of issue 10 (docs/accuracy.md) on a
 * prepared dataset. The photos of the manifest's train split are embedded by the `mask-robust`
 * embedder (through the feature cache), `trainLdaRecognizer` fits PCA + LDA, the per-person class
 * means and the open-set threshold, and the model folder gets `lda-recognizer.json`, then
 * `model.json` (each written atomically, model.json last: a folder holding it is complete). The
 * folder's format, and how it is read, is src/model-folder/lda-model-dir.ts.
 */
import { join } from 'node:path';
import { DEFAULT_K, DEFAULT_SMALL_CLASS } from '../balance/smote.js';
import { MaskfaceError } from '../errors.js';
import { writeFileAtomic } from '../image/io.js';
import { type LdaRecognizer, type TrainingVector, resolveLdaRecognizerOptions, trainLdaRecognizer } from '../methods/lda-recognizer.js';
import { cohortPath, loadCohort } from '../methods/cohort/cohort.js';
import { DEFAULT_LDA_FEATURES, type LdaFeaturesName } from '../methods/lda-features.js';
import { TIGHT_CROP_SIZE } from '../methods/mask-robust-features.js';
import { type LabelledVector, type Projection, fitPca } from '../methods/projection.js';
import { norm } from '../methods/vectors.js';
import { LDA_MODEL_FORMAT, LDA_RECOGNIZER_FILE, type LdaModelMeta, loadModelEmbedder } from '../model-folder/lda-model-dir.js';
import { MODEL_FILE } from '../model-folder/model-dir.js';
import type { TrainOptions } from './options.js';
import type { Photo, PhotoSet, Progress } from './photos.js';
import { featurePreprocessing, featureRows, listPhotos } from './photos.js';
import type { SampleKind, TrainHooks, TrainResult } from './train-model.js';
import { softwareVersions } from './write-model-dir.js';

/**
 * The feature vector of every photo (cached in a prepared folder by photo hash and embedder), by the
 * feature set `name` (default: the current one; an older model's own name when evaluating it).
 */
export async function embedLdaFeatures(set: PhotoSet, onProgress?: Progress, name: LdaFeaturesName = DEFAULT_LDA_FEATURES): Promise<{ data: Float32Array; dimension: number }> {
  const embedder = await loadModelEmbedder(name);
  try {
    return { data: await featureRows(set, embedder, TIGHT_CROP_SIZE, onProgress), dimension: embedder.dimension };
  } finally {
    embedder.dispose();
  }
}

/** Closed-set answers (index into `classes`) of an lda recognizer for rows of `data`. */
export function predictClasses(recognizer: LdaRecognizer, classes: readonly string[], data: Float32Array, dimension: number): number[] {
  const classOf = new Map(classes.map((c, i) => [c, i]));
  const predicted: number[] = [];
  for (let i = 0; i * dimension < data.length; i++) predicted.push(classOf.get(recognizer.predict(data.subarray(i * dimension, (i + 1) * dimension)).best) ?? -1);
  return predicted;
}

/** Vectors of the background folder's photos (every split), leaving out the enrolled people. */
async function backgroundVectors(features: LdaFeaturesName, dir: string, enrolled: ReadonlySet<string>, hooks: TrainHooks): Promise<LabelledVector[]> {
  const set = await listPhotos(dir);
  const photos = set.photos.filter((p) => !enrolled.has(p.person));
  if (new Set(photos.map((p) => p.person)).size < 2) {
    throw new MaskfaceError('MF_EMPTY_DATASET', `--background ${dir}: photos of ${new Set(photos.map((p) => p.person)).size} person besides the trained people; background people need at least 2. Give a folder of other people, or drop --background.`, { file: dir });
  }
  const { data, dimension } = await embedLdaFeatures({ photos, ...(set.preparedDir === undefined ? {} : { preparedDir: set.preparedDir }) }, (done, total) => hooks.onStage?.(`features (${features}, background)`, done, total), features);
  return photos.map((p, i) => ({ vector: data.slice(i * dimension, (i + 1) * dimension), label: p.person }));
}

/**
 * The background cohort shipped with maskface (src/methods/cohort/data/<features>.generated.json),
 * leaving out the trained people: the default background, so that `maskface train` with no option
 * trains as the benchmarks' default row does (on the development people, training with background
 * people scored about 5 points above training alone: docs/accuracy.md).
 */
export function shippedBackground(features: LdaFeaturesName, enrolled: ReadonlySet<string>, norm: number): LabelledVector[] {
  const cohort = loadCohort(features);
  if (cohort?.people === undefined) {
    throw new MaskfaceError('MF_FILE_NOT_FOUND', `${cohortPath(features)}: the shipped background cohort is missing. Reinstall maskface, regenerate it with \`node --import tsx scripts/make-background.ts --features ${features}\`, or train with --no-background.`, { file: cohortPath(features) });
  }
  const people = cohort.people;
  // Cohort files hold unit vectors; the feature sets give several unit parts side by side (mask-robust: norm 2),
  // and PCA and LDA see the background beside the trained people's vectors, so it gets their length back.
  return cohort.vectors.map((vector, i) => ({ vector: vector.map((v) => v * norm), label: people[i]! })).filter((b) => !enrolled.has(b.label));
}

/**
 * PCA fitted once on the background people, wide enough for every candidate of the inner CV (as
 * bench/accuracy-methods.ts does): refitting it on thousands of 2,304-D vectors for each inner
 * fold and candidate took minutes each.
 */
function backgroundPca(background: readonly LabelledVector[]): Projection | undefined {
  if (background.length === 0) return undefined;
  const options = resolveLdaRecognizerOptions();
  return fitPca(background.map((b) => b.vector), Math.max(options.pcaDimensions, ...options.candidates.map((c) => c.pcaDimensions)));
}

function checkOptions(options: TrainOptions): void {
  const head = [
    options.balance !== 'none' && `--balance ${options.balance}`,
    options.k !== DEFAULT_K && `--k ${options.k}`,
    options.smallClass !== DEFAULT_SMALL_CLASS && `--small-class ${options.smallClass}`,
    options.protocol !== 'leak-free' && `--protocol ${options.protocol}`,
    options.augment && '--augment',
    options.resume && '--resume',
  ].filter((x): x is string => typeof x === 'string');
  if (head.length > 0) {
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `${head.join(', ')}: options of the trained head, not of --method lda (it fits class means on the manifest's train split, no epochs, no balancing). Drop them or use --method head.`);
  }
}

export async function trainLdaModel(options: TrainOptions, hooks: TrainHooks = {}): Promise<TrainResult> {
  checkOptions(options);
  const started = performance.now();
  const set = await listPhotos(options.dataDir);
  if (set.preparedDir === undefined) {
    throw new MaskfaceError('MF_BAD_MANIFEST', `${options.dataDir}: no manifest.json. Run \`maskface dataset prepare <dataset> --out ${options.dataDir}\` first.`, { file: options.dataDir });
  }
  const train = set.photos.filter((p) => p.split !== 'test');
  const classes = [...new Set(train.map((p) => p.person))].sort();
  const test = set.photos.filter((p) => p.split === 'test' && classes.includes(p.person));
  if (classes.length < 2) throw new MaskfaceError('MF_EMPTY_DATASET', `${options.dataDir}: ${classes.length} person in the train split; training needs at least 2.`, { file: options.dataDir });
  if (test.length === 0) {
    throw new MaskfaceError('MF_EMPTY_DATASET', `${options.dataDir}: no test photo of the trained people. Prepare the dataset with a test fraction above 0.`, { file: options.dataDir });
  }
  const photos: Photo[] = [...train, ...test];
  const features = options.features ?? DEFAULT_LDA_FEATURES;
  const { data, dimension } = await embedLdaFeatures({ photos, preparedDir: set.preparedDir }, (done, total) => hooks.onStage?.(`features (${features})`, done, total), features);
  const samples: TrainingVector[] = train.map((p, i) => ({ vector: data.slice(i * dimension, (i + 1) * dimension), label: p.person, masked: p.group === 'masked' }));
  const enrolled = new Set(classes);
  const background = options.background === false ? [] : options.background === undefined ? shippedBackground(features, enrolled, norm(samples[0]!.vector)) : await backgroundVectors(features, options.background, enrolled, hooks);
  hooks.onStage?.('PCA + LDA (inner cross-validation)', 0, 1);
  const recognizer = trainLdaRecognizer(samples, { seed: options.seed }, background, backgroundPca(background));
  hooks.onStage?.('PCA + LDA (inner cross-validation)', 1, 1);
  const trainSeconds = (performance.now() - started) / 1000;

  const evalStart = performance.now();
  const classOf = new Map(classes.map((c, i) => [c, i]));
  const truth = test.map((p) => classOf.get(p.person) ?? -1);
  const predicted = predictClasses(recognizer, classes, data.subarray(train.length * dimension), dimension);
  const testAccuracy = truth.filter((t, i) => t === predicted[i]).length / truth.length;
  const evaluateSeconds = (performance.now() - evalStart) / 1000;

  const trainMasked = train.filter((p) => p.group === 'masked').length;
  const meta: LdaModelMeta = {
    format: LDA_MODEL_FORMAT, version: 1, method: 'lda', classes, embedder: features, dimension, inputSize: TIGHT_CROP_SIZE,
    preprocessing: `letterbox to ${TIGHT_CROP_SIZE}x${TIGHT_CROP_SIZE} (${featurePreprocessing(TIGHT_CROP_SIZE)}), then the mask-robust embedder's views (whole face, upper 55 %)`,
    recognizer: LDA_RECOGNIZER_FILE, threshold: recognizer.threshold, options: { ...options },
    counts: { train: train.length, trainMasked, trainUnmasked: train.length - trainMasked, test: test.length, backgroundPeople: new Set(background.map((b) => b.label)).size, backgroundPhotos: background.length },
    background: options.background === false ? 'none' : options.background === undefined ? 'shipped cohort' : options.background,
    testAccuracy, software: softwareVersions(), createdAt: new Date().toISOString(),
  };
  await writeFileAtomic(join(options.outDir, LDA_RECOGNIZER_FILE), JSON.stringify(recognizer.toJSON()));
  await writeFileAtomic(join(options.outDir, MODEL_FILE), `${JSON.stringify(meta, null, 1)}\n`);
  return {
    classes, history: [], bestEpoch: 0, bestValAccuracy: testAccuracy,
    predictions: { classes, truth, predicted, kinds: test.map((p): SampleKind => p.group) },
    counts: { trainBeforeBalancing: train.length, trainAfterBalancing: train.length, test: test.length, totalImages: photos.length },
    trainSeconds, evaluateSeconds,
  };
}
