/**
 * Open-set decisions over a gallery (1:N identification and 1:1 verification). A person's score is
 * the mean of the `POOLED_SAMPLES` best cosine similarities between the probe and their samples (all
 * of them when they have fewer), so a masked probe is scored against the masked samples that fit it
 * best, and one lucky sample of a look-alike counts less than several good ones. Chosen on the LFW
 * development set over the best single sample (`bench/recognize-lfw-rules.ts`, docs/recognition.md).
 */
import { MaskfaceError, invalidArgument } from '../errors.js';
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

/** Rows interleaved per block of the index's matrix: independent sums the CPU runs side by side. */
const BLOCK_ROWS = 8;

/**
 * Every sample of a gallery in one contiguous matrix, grouped by person, for exact search. Rows are
 * stored in blocks of `BLOCK_ROWS`, element i of the block's rows side by side, so one pass over the
 * matrix computes eight dot products at once; each is still summed in element order, in float64,
 * exactly as `dot` does, so scores, names and their order equal those of `pooledScore` over each
 * person's samples (open-set.test.ts checks this). The gallery is scanned in full for every probe:
 * docs/scale.md says up to what size that stays fast and what takes over beyond it.
 */
export class GalleryIndex {
  /** People in the order of their first sample (ties in score keep this order). */
  private readonly names: readonly string[];
  private readonly people: ReadonlyMap<string, number>;
  /** Person p's samples are rows starts[p] .. starts[p + 1] - 1. */
  private readonly starts: Uint32Array;
  private readonly matrix: Float32Array;
  /** Length of every sample vector (0 for an empty index). */
  readonly dimension: number;
  /** Each row's cosine with the current probe, reused between calls. */
  private readonly rowScores: Float64Array;

  constructor(embeddings: readonly GalleryEmbedding[]) {
    const people = new Map<string, number>();
    const counts: number[] = [];
    for (const e of embeddings) {
      const p = people.get(e.person);
      if (p === undefined) {
        people.set(e.person, counts.length);
        counts.push(1);
      } else counts[p]!++;
    }
    this.people = people;
    this.names = [...people.keys()];
    this.starts = new Uint32Array(counts.length + 1);
    counts.forEach((c, p) => { this.starts[p + 1] = this.starts[p]! + c; });
    const d = embeddings[0]?.vector.length ?? 0;
    this.dimension = d;
    const rows = embeddings.length;
    this.matrix = new Float32Array(Math.ceil(rows / BLOCK_ROWS) * BLOCK_ROWS * d);
    this.rowScores = new Float64Array(rows);
    const next = this.starts.slice(0, counts.length);
    for (const e of embeddings) {
      if (e.vector.length !== d) throw invalidArgument(`embedding length of ${JSON.stringify(e.person)}`, `${d}, as the gallery's other samples`, e.vector.length);
      const row = next[people.get(e.person)!]!++;
      const base = (row - (row % BLOCK_ROWS)) * d + (row % BLOCK_ROWS);
      for (let i = 0; i < d; i++) this.matrix[base + i * BLOCK_ROWS] = e.vector[i]!;
    }
  }

  get size(): number {
    return this.names.length;
  }

  private unitProbe(probe: Float32Array): Float32Array {
    const unit = l2Normalize(probe);
    if (this.names.length > 0 && unit.length !== this.dimension) throw invalidArgument('embedding length', `${unit.length}`, this.dimension);
    return unit;
  }

  /** Every row's cosine with the unit probe, into `rowScores`. */
  private scoreRows(q: Float32Array): Float64Array {
    const { matrix: m, rowScores: out, dimension: d } = this;
    const rows = out.length;
    let j = 0;
    for (let r = 0; r < rows; r += BLOCK_ROWS) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      for (let i = 0; i < d; i++, j += BLOCK_ROWS) {
        const x = q[i]!;
        s0 += x * m[j]!;
        s1 += x * m[j + 1]!;
        s2 += x * m[j + 2]!;
        s3 += x * m[j + 3]!;
        s4 += x * m[j + 4]!;
        s5 += x * m[j + 5]!;
        s6 += x * m[j + 6]!;
        s7 += x * m[j + 7]!;
      }
      // The last block's padding rows (zeros) are computed and dropped.
      const sums = [s0, s1, s2, s3, s4, s5, s6, s7];
      for (let b = 0; b < BLOCK_ROWS && r + b < rows; b++) out[r + b] = sums[b]!;
    }
    return out;
  }

  /** Person p's pooled score from the row scores: `pooledScore`'s top-k kept and summed best first. */
  private pooled(scores: Float64Array, p: number, top: Float64Array): number {
    const k = top.length;
    let kept = 0;
    for (let r = this.starts[p]!, end = this.starts[p + 1]!; r < end; r++) {
      const s = scores[r]!;
      if (kept === k && !(s > top[k - 1]!)) continue;
      let at = kept < k ? kept++ : k - 1;
      while (at > 0 && top[at - 1]! < s) {
        top[at] = top[at - 1]!;
        at--;
      }
      top[at] = s;
    }
    if (kept === 0) return -1;
    let sum = 0;
    for (let t = 0; t < kept; t++) sum += top[t]!;
    return sum / kept;
  }

  private personScores(probe: Float32Array): Float64Array {
    const scores = this.scoreRows(this.unitProbe(probe));
    const top = new Float64Array(POOLED_SAMPLES);
    const out = new Float64Array(this.names.length);
    for (let p = 0; p < out.length; p++) out[p] = this.pooled(scores, p, top);
    return out;
  }

  /** Every enrolled person's score for a probe, best first. */
  rank(probe: Float32Array): Candidate[] {
    const scores = this.personScores(probe);
    const ranked: Candidate[] = this.names.map((name, p) => ({ name, score: scores[p]! }));
    return ranked.sort((a, b) => b.score - a.score);
  }

  /** The `k` best people, as `rank(probe).slice(0, k)` without sorting everyone. */
  best(probe: Float32Array, k: number): Candidate[] {
    const scores = this.personScores(probe);
    // Indices of the best so far, best first; an equal score keeps the earlier person first, as the stable sort does.
    const chosen: number[] = [];
    for (let p = 0; p < scores.length; p++) {
      const s = scores[p]!;
      if (chosen.length === k && !(s > scores[chosen[k - 1]!]!)) continue;
      let at = chosen.length < k ? chosen.length : k - 1;
      if (chosen.length < k) chosen.push(p);
      while (at > 0 && scores[chosen[at - 1]!]! < s) {
        chosen[at] = chosen[at - 1]!;
        at--;
      }
      chosen[at] = p;
    }
    return chosen.map((p) => ({ name: this.names[p]!, score: scores[p]! }));
  }

  identify(probe: Float32Array, threshold: number, topK = 3): Identification {
    const candidates = this.best(probe, Math.max(1, topK));
    const best = candidates[0];
    if (best === undefined) return { name: UNKNOWN, score: -1, candidates: [] };
    return { name: best.score >= threshold ? best.name : UNKNOWN, score: best.score, candidates: candidates.slice(0, topK) };
  }

  verify(probe: Float32Array, name: string, threshold: number): Verification {
    const p = this.people.get(name);
    if (p === undefined) throw new MaskfaceError('MF_UNKNOWN_PERSON', `nobody named ${JSON.stringify(name)} is enrolled; enrol them first with \`maskface enroll\`.`);
    const q = this.unitProbe(probe);
    const d = this.dimension;
    for (let r = this.starts[p]!, end = this.starts[p + 1]!; r < end; r++) {
      const base = (r - (r % BLOCK_ROWS)) * d + (r % BLOCK_ROWS);
      let sum = 0;
      for (let i = 0; i < d; i++) sum += q[i]! * this.matrix[base + i * BLOCK_ROWS]!;
      this.rowScores[r] = sum;
    }
    const score = this.pooled(this.rowScores, p, new Float64Array(POOLED_SAMPLES));
    return { name, score, match: score >= threshold };
  }
}
