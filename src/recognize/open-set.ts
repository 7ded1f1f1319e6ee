/**
 * Open-set decisions over a gallery (1:N identification and 1:1 verification). A person's score is
 * the best cosine similarity between the probe and any of their samples (nearest neighbour), so a
 * masked probe can match a synthetic-masked sample and an unmasked probe an unmasked one.
 */
import { MaskfaceError } from '../errors.js';
import type { GalleryEmbedding } from './gallery.js';
import { dot, l2Normalize } from './similarity.js';

/** The name given to a face whose best score falls below the threshold. */
export const UNKNOWN = 'unknown';

export interface Candidate {
  readonly name: string;
  /** Best cosine similarity to the person's samples, in [-1, 1]. */
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
    for (const [name, vectors] of this.byPerson) {
      let best = -1;
      for (const v of vectors) best = Math.max(best, dot(unit, v));
      ranked.push({ name, score: best });
    }
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
    const unit = l2Normalize(probe);
    let best = -1;
    for (const v of vectors) best = Math.max(best, dot(unit, v));
    return { name, score: best, match: best >= threshold };
  }
}
