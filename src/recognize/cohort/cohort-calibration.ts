/**
 * A gallery's threshold from the shipped stranger cohort (src/methods/cohort/cohort.ts): each
 * cohort vector's best score against the enrolled people is an impostor score, and the threshold
 * is set where at most `COHORT_FAR` of them would be accepted. A bigger gallery gives strangers
 * more people to resemble, so the threshold rises with it; a gallery of a few people gets a lower
 * one than a fixed default.
 *
 * Masked and unmasked faces get thresholds of their own: a masked stranger scores far higher
 * against the synthetic-masked samples of enrolment than an unmasked one does (the mask itself looks
 * alike: on four press-photo people, the best masked LFW stranger reached 0.79, the best unmasked
 * one 0.69), so one threshold for both would either reject most unmasked enrolled faces or accept
 * masked strangers. Each cohort vector goes to the side the gallery's mask classifier puts it on, as
 * a probe will, and each side's threshold is set at the target rate on its own strangers.
 *
 * The stored calibration keeps each cohort vector's best score and the number of samples it was
 * measured on, so an enrolment only scores the cohort against the new person's samples; when the
 * count no longer matches (a removal, or enrolments racing in two processes) it is measured again.
 */
import { thresholdForFar } from '../calibrate.js';
import type { Calibration, Gallery, GalleryEmbedding } from '../gallery.js';
import { loadMaskClassifier } from '../mask-classifier.js';
import { GalleryIndex, SCORE_RULE } from '../open-set.js';
import { type Cohort, loadCohort } from '../../methods/cohort/cohort.js';

/**
 * Target false-accept rate of the cohort threshold: 1 in 50 strangers (a masked or unmasked LFW
 * face) accepted as someone. Stricter than `maskface calibrate`'s 5 %, because the shipped strangers
 * are not the user's own and a false name costs more than an `unknown`.
 */
export const COHORT_FAR = 0.02;

/**
 * Target false-accept rate of the masked side. A masked stranger scores high against the
 * synthetic-masked samples of any enrolled person, so the masked side trades masked probes named
 * against masked strangers rejected. With the encoder before issue 23 (faceres + dlib + MobileFace)
 * the LFW development set (`node --import tsx bench/recognize-lfw.ts --dev`: 20 people, 158 masked
 * probes, strangers with and without a random mask) gave 2 %: 46.2 / 99 %, 5 %: 58.9 / 95 %, and
 * the rate was 5 %. With `arcface-mobilefacenet` the same bench gives 2 %: 90.5 / 94 %, 5 %: 90.5 /
 * 91 %, 10 %: 95.6 / 85 %, 20 %: 96.8 / 77 %: 2 % names as many and rejects more masked strangers,
 * closest to the 95 % rejection the project asks of strangers, so both sides are at 2 % now.
 */
export const COHORT_MASKED_FAR = 0.02;

/** Each cohort vector's best pooled score against `embeddings` (-1 when the gallery is empty). */
export function cohortBestScores(cohort: Cohort, embeddings: readonly GalleryEmbedding[]): number[] {
  const index = new GalleryIndex(embeddings);
  return cohort.vectors.map((v) => index.rank(v)[0]?.score ?? -1);
}

/**
 * The persons of `added` are scored apart and merged into `previous` by maximum: valid because a
 * person's pooled score uses only their own samples, so adding people can only raise a stranger's best.
 */
export function mergeBestScores(previous: readonly number[], added: readonly number[]): number[] {
  return previous.map((p, i) => Math.max(p, added[i]!));
}

/** Which cohort vectors the embedder's mask classifier calls masked (all false without a classifier). */
export function cohortMaskVerdicts(cohort: Cohort, embedder: string): boolean[] {
  const classifier = loadMaskClassifier(embedder);
  return cohort.vectors.map((v) => classifier?.classify(v).masked ?? false);
}

export function cohortCalibration(cohort: Cohort, embedder: string, bestScores: readonly number[], samples: number, targetFar = COHORT_FAR, maskedFar = COHORT_MASKED_FAR): Calibration {
  const masked = cohortMaskVerdicts(cohort, embedder);
  const side = (m: boolean): number[] => bestScores.filter((_, i) => masked[i] === m);
  // A side with too few strangers to resolve its target rate (none at all without a mask classifier)
  // takes the threshold of all strangers at the unmasked rate.
  const sideThreshold = (scores: readonly number[], far: number): number => (scores.length * far >= 1 ? thresholdForFar(scores, far) : thresholdForFar(bestScores, targetFar)).threshold;
  const thresholds = { masked: sideThreshold(side(true), maskedFar), unmasked: sideThreshold(side(false), targetFar) };
  const accepted = bestScores.filter((s, i) => s >= (masked[i] ? thresholds.masked : thresholds.unmasked)).length;
  return {
    embedder,
    threshold: Math.max(thresholds.masked, thresholds.unmasked),
    thresholds,
    rule: SCORE_RULE,
    targetFar,
    targetFars: { masked: maskedFar, unmasked: targetFar },
    far: accepted / bestScores.length,
    strangers: bestScores.length,
    calibratedAt: new Date().toISOString(),
    source: 'cohort',
    cohort: { samples, bestScores: bestScores.map((s) => Math.round(s * 1e6) / 1e6) },
  };
}

/**
 * The shipped cohort of `embedder` when its vectors can be scored against the gallery's: a gallery
 * whose vectors have another length (written by other code under the same name) gets none.
 */
function usableCohort(embedder: string, embeddings: readonly GalleryEmbedding[]): Cohort | undefined {
  const cohort = loadCohort(embedder);
  const dimension = embeddings[0]?.vector.length;
  return cohort !== undefined && cohort.vectors[0]?.length === dimension ? cohort : undefined;
}

/** Whether a stored calibration was made by the user's strangers (`maskface calibrate`), which the cohort never overrides. */
export function isUserCalibration(calibration: Calibration | undefined): boolean {
  return calibration !== undefined && calibration.source !== 'cohort';
}

/**
 * Brings the gallery's cohort calibration of `embedder` up to date after an enrolment or removal.
 * `person`, when given, is the one person just enrolled: only their samples are scored when the
 * stored calibration covered the rest. Leaves a user's calibration alone; returns what is in force.
 */
export async function updateCohortCalibration(gallery: Gallery, embedder: string, person?: string): Promise<Calibration | undefined> {
  const stored = await gallery.calibration(embedder);
  if (isUserCalibration(stored) && stored!.rule === SCORE_RULE) return stored;
  const embeddings = await gallery.embeddings(embedder);
  const cohort = usableCohort(embedder, embeddings);
  if (cohort === undefined) return undefined;
  const own = person === undefined ? [] : embeddings.filter((e) => e.person === person);
  const previous = stored?.cohort;
  let best: number[];
  if (previous !== undefined && person !== undefined && previous.bestScores.length === cohort.vectors.length && previous.samples + own.length === embeddings.length) {
    best = mergeBestScores(previous.bestScores, cohortBestScores(cohort, own));
  } else {
    best = cohortBestScores(cohort, embeddings);
  }
  const calibration = cohortCalibration(cohort, embedder, best, embeddings.length);
  await gallery.saveCalibration(calibration);
  return calibration;
}

/**
 * The cohort threshold of a gallery's current samples, when the stored one is missing or stale
 * (measured on another number of samples): computed in memory, not saved, so a read-only reader
 * (a recognition worker) gets the right threshold without writing.
 */
export function currentCohortCalibration(stored: Calibration | undefined, embedder: string, embeddings: readonly GalleryEmbedding[]): Calibration | undefined {
  if (embeddings.length === 0) return undefined;
  if (stored?.source === 'cohort' && stored.rule === SCORE_RULE && stored.cohort?.samples === embeddings.length && stored.targetFars?.masked === COHORT_MASKED_FAR && stored.targetFar === COHORT_FAR) return stored;
  const cohort = usableCohort(embedder, embeddings);
  if (cohort === undefined) return undefined;
  return cohortCalibration(cohort, embedder, cohortBestScores(cohort, embeddings), embeddings.length);
}
