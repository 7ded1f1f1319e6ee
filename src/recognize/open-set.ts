/**
 * Open-set decisions over a gallery (1:N identification and 1:1 verification). A person's score is
 * the mean of the `POOLED_SAMPLES` best cosine similarities between the probe and their samples (all
 * of them when they have fewer), so a masked probe is scored against the masked samples that fit it
 * best, and one lucky sample of a look-alike counts less than several good ones. Chosen on the LFW
 * development set over the best single sample (`bench/recognize-lfw-rules.ts`, docs/recognition.md).
 */
import { MaskfaceError } from '../errors.js';
import type { GalleryEmbedding } from './gallery.js';
import { dot, l2Normalize } from './similarity.js';

/** The name given to a face whose best score falls below the threshold. */
export const UNKNOWN = 'unknown';

/** How many of a person's best sample scores are averaged into their score. */
export const POOLED_SAMPLES = 3;

/**
 * Names the scoring rule, stored with a calibration: a threshold chosen under another rule (an older
 * gallery's, calibrated on the best single sample) does not apply to these scores.
 */
export const SCORE_RULE = `top${POOLED_SAMPLES}-mean`;

/** Mean of the `k` largest probe-sample cosines (of all of them when there are fewer than `k`). */
export function pooledScore(probe: Float32Array, samples: readonly Float32Array[], k = POOLED_SAMPLES): number {
  if (samples.length === 0) return -1;
  const top: number[] = [];
  for (const v of samples) {
    const s = dot(probe, v);
    if (top.length < k) {
      top.push(s);
      top.sort((a, b) => b - a);
    } else if (s > top[k - 1]!) {
      top[k - 1] = s;
      top.sort((a, b) => b - a);
    }
  }
  return top.reduce((a, b) => a + b, 0) / top.length;
}

export interface Candidate {
  readonly name: string;
  /** Mean of the best `POOLED_SAMPLES` cosine similarities to the person's samples, in [-1, 1]. */
  readonly score: number;
}

export interface Identification {
  /** The best-matching person, or `unknown` when the best score is below the threshold. */
  readonly name: string;
  /** The best score (the confidence reported with the name). */
  readonly score: number;
  /** People ranked by score, best first (at most `topK`). */
  readonly candidates: readonly Candidate[];
}

export interface Verification {
  readonly name: string;
  readonly score: number;
  readonly match: boolean;
}

export class GalleryIndex {
  private readonly byPerson: ReadonlyMap<string, readonly Float32Array[]>;

  constructor(embeddings: readonly GalleryEmbedding[]) {
    const map = new Map<string, Float32Array[]>();
    for (const e of embeddings) {
      const list = map.get(e.person) ?? [];
      list.push(e.vector);
      map.set(e.person, list);
    }
    this.byPerson = map;
  }

  get size(): number {
    return this.byPerson.size;
  }

  /** Every enrolled person's score for a probe, best first. */
  rank(probe: Float32Array): Candidate[] {
    const unit = l2Normalize(probe);
    const ranked: Candidate[] = [];
    for (const [name, vectors] of this.byPerson) ranked.push({ name, score: pooledScore(unit, vectors) });
    return ranked.sort((a, b) => b.score - a.score);
  }

  identify(probe: Float32Array, threshold: number, topK = 3): Identification {
    const ranked = this.rank(probe);
    const best = ranked[0];
    if (best === undefined) return { name: UNKNOWN, score: -1, candidates: [] };
    return { name: best.score >= threshold ? best.name : UNKNOWN, score: best.score, candidates: ranked.slice(0, topK) };
  }

  verify(probe: Float32Array, name: string, threshold: number): Verification {
    const vectors = this.byPerson.get(name);
    if (vectors === undefined) throw new MaskfaceError('MF_UNKNOWN_PERSON', `nobody named ${JSON.stringify(name)} is enrolled; enrol them first with \`maskface enroll\`.`);
    const score = pooledScore(l2Normalize(probe), vectors);
    return { name, score, match: score >= threshold };
  }
}
