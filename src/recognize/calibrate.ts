/**
 * Threshold calibration from data. Strangers (people never enrolled) give the impostor scores: the
 * best score each one reaches against the gallery. The threshold is set so that at most the target
 * fraction of strangers would be accepted as someone (the false-accept rate, FAR); held-out photos
 * of enrolled people, when given, measure the false-reject rate (FRR) that this costs.
 */
import { invalidArgument } from '../errors.js';

export interface ThresholdChoice {
  readonly threshold: number;
  /** Fraction of stranger scores at or above the threshold. */
  readonly far: number;
}

/** Smallest step above a stranger's score, so that score itself falls below the threshold. */
const SCORE_EPSILON = 1e-6;

export function thresholdForFar(strangerScores: readonly number[], targetFar: number): ThresholdChoice {
  if (strangerScores.length === 0) throw invalidArgument('stranger scores', 'at least one stranger photo with a face', 0);
  if (!(targetFar >= 0 && targetFar < 1)) throw invalidArgument('--far', 'a false-accept rate in [0, 1)', targetFar);
  const sorted = [...strangerScores].sort((a, b) => b - a);
  // At most floor(target * n) strangers may score at or above the threshold.
  const allowed = Math.floor(targetFar * sorted.length);
  const threshold = sorted[allowed]! + SCORE_EPSILON;
  return { threshold, far: rateAtOrAbove(sorted, threshold) };
}

export function rateAtOrAbove(scores: readonly number[], threshold: number): number {
  if (scores.length === 0) return 0;
  return scores.filter((s) => s >= threshold).length / scores.length;
}

/**
 * Genuine probes are rejected when their best score is below the threshold or when the best match
 * is somebody else; `correct` says whether the top-ranked person was the right one.
 */
export function falseRejectRate(genuine: ReadonlyArray<{ readonly score: number; readonly correct: boolean }>, threshold: number): number {
  if (genuine.length === 0) return 0;
  return genuine.filter((g) => !g.correct || g.score < threshold).length / genuine.length;
}
