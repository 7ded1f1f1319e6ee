/**
 * Open-set decisions over a gallery (1:N identification and 1:1 verification). A person's score is
 * the mean of the `POOLED_SAMPLES` best cosine similarities between the probe and their samples (all
 * of them when they have fewer), so a masked probe is scored against the masked samples that fit it
 * best, and one lucky sample of a look-alike counts less than several good ones. Chosen on the LFW
 * development set over the best single sample (`bench/recognize-lfw-rules.ts`, docs/recognition.md).
 */
import { MaskfaceError, invalidArgument } from '../errors.js';
import type { GalleryEmbedding } from './gallery.js';
import { type RowScanner, SCAN_BLOCK_ROWS, type ScanKernel, createRowScanner, rowOffset } from './row-scan.js';
import { dot, l2Normalize } from '../methods/similarity.js';

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

/**
 * `pooled` for k = 3 with the three best in local variables: a third of the time of the general
 * loop over a million rows. Same values: the three largest (all when fewer), summed best first.
 */
function poolTop3(scores: Float64Array, starts: Uint32Array, out: Float64Array): void {
  for (let p = 0; p < out.length; p++) {
    const start = starts[p]!, end = starts[p + 1]!;
    let t0 = -Infinity, t1 = -Infinity, t2 = -Infinity;
    for (let r = start; r < end; r++) {
      const s = scores[r]!;
      if (s > t2) {
        if (s > t1) {
          t2 = t1;
          if (s > t0) {
            t1 = t0;
            t0 = s;
          } else t1 = s;
        } else t2 = s;
      }
    }
    const kept = end - start;
    out[p] = kept === 1 ? 0 + t0 : kept === 2 ? (0 + t0 + t1) / 2 : (0 + t0 + t1 + t2) / 3;
  }
}

/**
 * Every sample of a gallery in one contiguous matrix, grouped by person, for exact search: each
 * probe is compared with every sample (row-scan.ts: blocks of rows summed side by side, WebAssembly
 * SIMD where available), each dot product summed in element order in float64 exactly as `dot` does,
 * so scores, names and their order equal those of `pooledScore` over each person's samples
 * (open-set.test.ts checks this). docs/scale.md says up to what size a full scan stays fast and what
 * takes over beyond it.
 */
export class GalleryIndex {
  /** People in the order of their first sample (ties in score keep this order). */
  private readonly names: readonly string[];
  private readonly people: ReadonlyMap<string, number>;
  /** Person p's samples are rows starts[p] .. starts[p + 1] - 1. */
  private readonly starts: Uint32Array;
  /** Length of every sample vector (0 for an empty index). */
  readonly dimension: number;
  private readonly scanner: RowScanner;

  /** `kernel`: the scan to use (tests compare both); default the SIMD one for large galleries where available. */
  constructor(embeddings: readonly GalleryEmbedding[], options: { readonly kernel?: ScanKernel } = {}) {
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
    this.scanner = createRowScanner(embeddings.length, d, options.kernel);
    const matrix = this.scanner.matrix;
    const next = this.starts.slice(0, counts.length);
    for (const e of embeddings) {
      if (e.vector.length !== d) throw invalidArgument(`embedding length of ${JSON.stringify(e.person)}`, `${d}, as the gallery's other samples`, e.vector.length);
      const base = rowOffset(next[people.get(e.person)!]!++, d);
      for (let i = 0; i < d; i++) matrix[base + i * SCAN_BLOCK_ROWS] = e.vector[i]!;
    }
  }

  get size(): number {
    return this.names.length;
  }

  /** Which scan kernel runs (row-scan.ts), for benchmarks. */
  get kernel(): ScanKernel {
    return this.scanner.kernel;
  }

  private unitProbe(probe: Float32Array): Float32Array {
    const unit = l2Normalize(probe);
    if (this.names.length > 0 && unit.length !== this.dimension) throw invalidArgument('embedding length', `${unit.length}`, this.dimension);
    return unit;
  }

  /**
   * Person p's pooled score from the row scores (row r at `scores[r - first]`): `pooledScore`'s
   * top-k kept and summed best first.
   */
  private pooled(scores: Float64Array, p: number, top: Float64Array, first = 0): number {
    const k = top.length;
    let kept = 0;
    for (let r = this.starts[p]!, end = this.starts[p + 1]!; r < end; r++) {
      const s = scores[r - first]!;
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
    const unit = this.unitProbe(probe);
    if (this.names.length === 0) return new Float64Array(0);
    const scores = this.scanner.scan(unit);
    const out = new Float64Array(this.names.length);
    if (POOLED_SAMPLES === 3) {
      poolTop3(scores, this.starts, out);
      return out;
    }
    const top = new Float64Array(POOLED_SAMPLES);
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
    const { matrix } = this.scanner;
    const start = this.starts[p]!, end = this.starts[p + 1]!;
    const scores = new Float64Array(end - start);
    for (let r = start; r < end; r++) {
      const base = rowOffset(r, this.dimension);
      let sum = 0;
      for (let i = 0; i < this.dimension; i++) sum += q[i]! * matrix[base + i * SCAN_BLOCK_ROWS]!;
      scores[r - start] = sum;
    }
    const score = this.pooled(scores, p, new Float64Array(POOLED_SAMPLES), start);
    return { name, score, match: score >= threshold };
  }
}
