/**
 * The mask-robust recognition method (issue 10): fused embeddings (see `mask-robust-features.ts`)
 * projected by PCA + LDA learned on masked and unmasked photos of the enrolled people and of other
 * people (a background set, e.g. other RMFD people), so the directions along which a mask moves an
 * embedding are shrunk; then cosine nearest-class-mean per person and photo group, and an open-set
 * threshold chosen by cross-validation inside the training photos.
 */
import { createRng, shuffleInPlace } from '../data/random.js';
import { invalidArgument } from '../errors.js';
import { ClassMeans, type ClassMeansJson, type RankedLabel } from './class-means.js';
import { thresholdForFalseAccept } from './open-set-threshold.js';
import { type LabelledVector, type Projection, fitLda, fitPca, project } from './projection.js';

/** The name given to a face whose best score is below the threshold. */
export const UNKNOWN_LABEL = 'unknown';

export interface LdaRecognizerOptions {
  /** PCA dimensions before LDA (capped by the rank of the data); default DEFAULT_PCA_DIMENSIONS. */
  readonly pcaDimensions?: number;
  /** LDA output dimensions; default 0: every whitened PCA dimension (within-class whitening, no cut). */
  readonly ldaDimensions?: number;
  /** Shrinkage of the within-class covariance towards a sphere, fraction of its mean eigenvalue; default DEFAULT_SHRINKAGE. */
  readonly shrinkage?: number;
  /** False-accept rate on inner-CV impostor scores that the threshold is set for, in [0, 1); default 0.05. */
  readonly targetFalseAccept?: number;
  /** Inner cross-validation folds used to measure genuine/impostor scores for the threshold; default 3. */
  readonly innerFolds?: number;
  /** Seed of the inner folds; default 1. */
  readonly seed?: number;
  /**
   * Other (pcaDimensions, shrinkage) pairs to try: the pair with the best inner-CV top-1 (mean of
   * masked and unmasked) is used, chosen on the training photos only. Default: `DEFAULT_LDA_CANDIDATES`.
   */
  readonly candidates?: ReadonlyArray<{ readonly pcaDimensions: number; readonly shrinkage: number }>;
}

/**
 * PCA dimensions and shrinkage by default: chosen on the development people of
 * bench/accuracy-dev.ts (RMFD's next 30 people, never the test people), where with flip-averaged
 * mask-robust vectors and background people (512, 0.1) gave the best mean of masked and unmasked
 * top-1 among 64-768 dimensions x shrinkage 0.02-0.5 (docs/accuracy.md).
 */
export const DEFAULT_PCA_DIMENSIONS = 512;
export const DEFAULT_SHRINKAGE = 0.1;

/**
 * Other (PCA dimensions, shrinkage) pairs tried by inner CV by default: none. On the development
 * people top-1 changed by less than its fold-to-fold spread across most of the grid, so a choice per
 * training set mostly adds noise (and triples the training time).
 */
export const DEFAULT_LDA_CANDIDATES: ReadonlyArray<{ readonly pcaDimensions: number; readonly shrinkage: number }> = [];

export type ResolvedLdaRecognizerOptions = Required<LdaRecognizerOptions>;

export function resolveLdaRecognizerOptions(options: LdaRecognizerOptions = {}): ResolvedLdaRecognizerOptions {
  return Object.freeze({
    pcaDimensions: options.pcaDimensions ?? DEFAULT_PCA_DIMENSIONS,
    ldaDimensions: options.ldaDimensions ?? 0,
    shrinkage: options.shrinkage ?? DEFAULT_SHRINKAGE,
    targetFalseAccept: options.targetFalseAccept ?? 0.05,
    innerFolds: options.innerFolds ?? 3,
    seed: options.seed ?? 1,
    candidates: options.candidates ?? DEFAULT_LDA_CANDIDATES,
  });
}

export interface TrainingVector {
  readonly vector: Float32Array;
  readonly label: string;
  readonly masked: boolean;
}

export interface Prediction {
  /** The best label, or `unknown` when its score is below the threshold. */
  readonly label: string;
  /** Score of the best label (cosine in the projected space). */
  readonly score: number;
  /** The best label even when rejected (closed-set answer). */
  readonly best: string;
  readonly candidates: readonly RankedLabel[];
}

export interface LdaRecognizerJson {
  readonly kind: 'lda-recognizer';
  readonly version: 1;
  readonly threshold: number;
  readonly projection: { readonly inputDimension: number; readonly outputDimension: number; readonly mean: readonly number[]; readonly matrix: readonly number[] };
  readonly classes: ClassMeansJson;
}

export class LdaRecognizer {
  constructor(readonly projection: Projection, readonly classes: ClassMeans, readonly threshold: number) {}

  get labels(): readonly string[] {
    return this.classes.labels;
  }

  predict(vector: Float32Array, topK = 3): Prediction {
    const ranked = this.classes.rank(project(this.projection, vector));
    const top = ranked[0]!;
    return { label: top.score >= this.threshold ? top.label : UNKNOWN_LABEL, score: top.score, best: top.label, candidates: ranked.slice(0, topK) };
  }

  toJSON(): LdaRecognizerJson {
    const p = this.projection;
    return {
      kind: 'lda-recognizer',
      version: 1,
      threshold: this.threshold,
      projection: { inputDimension: p.inputDimension, outputDimension: p.outputDimension, mean: [...p.mean], matrix: [...p.matrix] },
      classes: this.classes.toJSON(),
    };
  }

  static fromJSON(json: LdaRecognizerJson): LdaRecognizer {
    if (json.kind !== 'lda-recognizer' || json.version !== 1) throw invalidArgument('recognizer file', 'kind lda-recognizer, version 1', { kind: json.kind, version: json.version });
    const p = json.projection;
    const projection: Projection = { inputDimension: p.inputDimension, outputDimension: p.outputDimension, mean: Float32Array.from(p.mean), matrix: Float32Array.from(p.matrix) };
    return new LdaRecognizer(projection, ClassMeans.fromJSON(json.classes), json.threshold);
  }
}

function fitModel(train: readonly TrainingVector[], background: readonly LabelledVector[], options: ResolvedLdaRecognizerOptions, pca: Projection | undefined): { projection: Projection; classes: ClassMeans } {
  const labelled: LabelledVector[] = [...train.map((t) => ({ vector: t.vector, label: t.label })), ...background.map((b) => ({ vector: b.vector, label: `background:${b.label}` }))];
  const lda = { pcaDimensions: options.pcaDimensions, ldaDimensions: options.ldaDimensions, shrinkage: options.shrinkage };
  const projection = fitLda(labelled, lda, pca ?? fitPca(labelled.map((l) => l.vector), options.pcaDimensions));
  const classes = ClassMeans.fit(train.map((t) => ({ vector: project(projection, t.vector), label: t.label, group: t.masked ? 'masked' : 'unmasked' })));
  return { projection, classes };
}

/** Genuine and impostor scores of each training photo when it is held out by an inner fold. */
export interface InnerScores {
  readonly genuine: number[];
  readonly impostor: number[];
  /** Mean of the masked and the unmasked closed-set top-1 rates, in [0, 1]. */
  readonly accuracy: number;
}

export function innerScores(train: readonly TrainingVector[], background: readonly LabelledVector[], options: ResolvedLdaRecognizerOptions, pca?: Projection): InnerScores {
  const rng = createRng(options.seed);
  const folds = new Array<number>(train.length).fill(0);
  const strata = new Map<string, number[]>();
  train.forEach((t, i) => strata.set(`${t.label}/${t.masked}`, [...(strata.get(`${t.label}/${t.masked}`) ?? []), i]));
  let next = 0;
  for (const key of [...strata.keys()].sort()) {
    for (const i of shuffleInPlace(strata.get(key)!, rng)) {
      folds[i] = next;
      next = (next + 1) % options.innerFolds;
    }
  }
  const genuine: number[] = [];
  const impostor: number[] = [];
  const hits = { masked: [0, 0], unmasked: [0, 0] };
  for (let f = 0; f < options.innerFolds; f++) {
    const inner = train.filter((_, i) => folds[i] !== f);
    const model = fitModel(inner, background, options, pca);
    train.forEach((t, i) => {
      if (folds[i] !== f) return;
      const y = project(model.projection, t.vector);
      const ranked = model.classes.rank(y);
      const own = ranked.find((r) => r.label === t.label);
      if (own !== undefined) genuine.push(own.score);
      const tally = t.masked ? hits.masked : hits.unmasked;
      tally[0]! += ranked[0]?.label === t.label ? 1 : 0;
      tally[1]!++;
      const other = model.classes.rank(y, t.label)[0];
      if (other !== undefined) impostor.push(other.score);
    });
  }
  const rate = ([hit, n]: number[]): number => (n! > 0 ? hit! / n! : 0);
  return { genuine, impostor, accuracy: (rate(hits.masked) + rate(hits.unmasked)) / 2 };
}

/**
 * Trains the recognizer. `background`: labelled vectors of people who are not enrolled (they shape
 * the projection only). `pca`: a PCA fitted beforehand (e.g. on the background once), to save time.
 */
export function trainLdaRecognizer(train: readonly TrainingVector[], options: LdaRecognizerOptions = {}, background: readonly LabelledVector[] = [], pca?: Projection): LdaRecognizer {
  const resolved = resolveLdaRecognizerOptions(options);
  const people = new Set(train.map((t) => t.label));
  if (people.size < 2) throw invalidArgument('training photos', 'photos of at least 2 people', people.size);
  let chosen = resolved;
  let scores = innerScores(train, background, resolved, pca);
  for (const candidate of resolved.candidates) {
    const options2 = { ...resolved, ...candidate };
    const s = innerScores(train, background, options2, pca);
    if (s.accuracy > scores.accuracy) [chosen, scores] = [options2, s];
  }
  const threshold = thresholdForFalseAccept(scores.impostor, chosen.targetFalseAccept);
  const { projection, classes } = fitModel(train, background, chosen, pca);
  return new LdaRecognizer(projection, classes, threshold);
}
