/**
 * Classification metrics of the paper's tables (section 4.2: test accuracy) and the ones added
 * beside them: macro-F1 (every person weighs the same, whatever their photo count) and accuracy on
 * masked and on unmasked photos separately.
 */
import { invalidArgument } from '../errors.js';

/** What a test photo is: a real masked or unmasked photo, or a synthetic (SMOTE) sample. */
export type SampleKind = 'masked' | 'unmasked' | 'synthetic';

/** One model's answers on a test set, as indices into `classes`. */
export interface Predictions {
  readonly classes: readonly string[];
  readonly truth: readonly number[];
  readonly predicted: readonly number[];
  readonly kinds: readonly SampleKind[];
}

export interface Metrics {
  /** Share of test samples named right, 0..1 (the paper's "accuracy"). */
  readonly accuracy: number;
  /** Unweighted mean over people of F1 = 2PR/(P+R), 0..1; a person never predicted nor present counts 0. */
  readonly macroF1: number;
  /** Accuracy on real masked photos, 0..1; null when the test set has none. */
  readonly maskedAccuracy: number | null;
  /** Accuracy on real unmasked photos, 0..1; null when the test set has none. */
  readonly unmaskedAccuracy: number | null;
  /** Test samples by kind. */
  readonly counts: Readonly<Record<SampleKind, number>>;
  readonly n: number;
}

function checkPredictions(p: Predictions): void {
  const n = p.truth.length;
  if (p.predicted.length !== n || p.kinds.length !== n) {
    throw invalidArgument('predictions', `truth, predicted and kinds of the same length`, `${n}, ${p.predicted.length}, ${p.kinds.length}`);
  }
  const k = p.classes.length;
  for (const [what, list] of [['truth', p.truth], ['predicted', p.predicted]] as const) {
    for (const c of list) if (!Number.isInteger(c) || c < 0 || c >= k) throw invalidArgument(`predictions.${what}`, `class indices in [0, ${k})`, c);
  }
}

/** Rows: true class, columns: predicted class; cell = number of samples. */
export function confusionMatrix(p: Predictions): number[][] {
  checkPredictions(p);
  const k = p.classes.length;
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  p.truth.forEach((t, i) => matrix[t]![p.predicted[i]!]!++);
  return matrix;
}

function accuracyWhere(p: Predictions, keep: (i: number) => boolean): number | null {
  let right = 0;
  let total = 0;
  for (let i = 0; i < p.truth.length; i++) {
    if (!keep(i)) continue;
    total++;
    if (p.truth[i] === p.predicted[i]) right++;
  }
  return total === 0 ? null : right / total;
}

export function macroF1(matrix: readonly (readonly number[])[]): number {
  const k = matrix.length;
  if (k === 0) return 0;
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const tp = matrix[c]![c]!;
    let predictedC = 0;
    let actualC = 0;
    for (let o = 0; o < k; o++) {
      predictedC += matrix[o]![c]!;
      actualC += matrix[c]![o]!;
    }
    // F1 = 2TP / (2TP + FP + FN) = 2TP / (predicted + actual); 0 when both are 0 (sklearn's zero_division=0).
    sum += predictedC + actualC === 0 ? 0 : (2 * tp) / (predictedC + actualC);
  }
  return sum / k;
}

export function computeMetrics(p: Predictions): Metrics {
  const matrix = confusionMatrix(p);
  const counts: Record<SampleKind, number> = { masked: 0, unmasked: 0, synthetic: 0 };
  for (const kind of p.kinds) counts[kind]++;
  return {
    accuracy: accuracyWhere(p, () => true) ?? 0,
    macroF1: macroF1(matrix),
    maskedAccuracy: accuracyWhere(p, (i) => p.kinds[i] === 'masked'),
    unmaskedAccuracy: accuracyWhere(p, (i) => p.kinds[i] === 'unmasked'),
    counts,
    n: p.truth.length,
  };
}

export interface Spread {
  readonly mean: number;
  /** Sample standard deviation (n - 1 in the denominator), as the paper's Table V: 0 for one value. */
  readonly std: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw invalidArgument('spread', 'at least one value', []);
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n < 2 ? 0 : values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  return { mean, std: Math.sqrt(variance), min: Math.min(...values), max: Math.max(...values), n };
}
