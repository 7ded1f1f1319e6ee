/**
 * Cosine nearest-class-mean over projected embeddings, one mean per person and photo group: a
 * masked probe then meets the mean of the person's masked photos and an unmasked probe that of
 * the unmasked ones, instead of a single mean pulled towards whichever group has more photos.
 */
import { invalidArgument } from '../errors.js';
import { dot, mean, unit } from './vectors.js';

export interface GroupedVector {
  readonly vector: Float32Array;
  readonly label: string;
  /** Photo group, e.g. `masked` / `unmasked`. */
  readonly group: string;
}

export interface RankedLabel {
  readonly label: string;
  /** Best cosine similarity to one of the label's group means, in [-1, 1]. */
  readonly score: number;
}

export class ClassMeans {
  private constructor(readonly labels: readonly string[], private readonly means: ReadonlyArray<{ label: string; group: string; vector: Float32Array }>) {}

  /** Vectors are compared by direction; they need not be unit length. */
  static fit(samples: readonly GroupedVector[]): ClassMeans {
    if (samples.length === 0) throw invalidArgument('class-mean samples', 'at least one labelled vector', 0);
    const byKey = new Map<string, { label: string; group: string; vectors: Float32Array[] }>();
    for (const s of samples) {
      const key = `${s.label}\u0000${s.group}`;
      const entry = byKey.get(key) ?? { label: s.label, group: s.group, vectors: [] };
      entry.vectors.push(unit(s.vector));
      byKey.set(key, entry);
    }
    const means = [...byKey.values()].map((e) => ({ label: e.label, group: e.group, vector: unit(mean(e.vectors)) }));
    return new ClassMeans([...new Set(means.map((m) => m.label))].sort(), means);
  }

  static fromJSON(json: ClassMeansJson): ClassMeans {
    const means = json.means.map((m) => ({ label: m.label, group: m.group, vector: Float32Array.from(m.vector) }));
    return new ClassMeans([...new Set(means.map((m) => m.label))].sort(), means);
  }

  /** Every label with its score, best first. */
  rank(vector: Float32Array, exclude?: string): RankedLabel[] {
    const probe = unit(vector);
    const best = new Map<string, number>();
    for (const m of this.means) {
      if (m.label === exclude) continue;
      const s = dot(probe, m.vector);
      if (s > (best.get(m.label) ?? -Infinity)) best.set(m.label, s);
    }
    return [...best].map(([label, score]) => ({ label, score })).sort((a, b) => b.score - a.score);
  }

  toJSON(): ClassMeansJson {
    return { means: this.means.map((m) => ({ label: m.label, group: m.group, vector: [...m.vector] })) };
  }
}

export interface ClassMeansJson {
  readonly means: ReadonlyArray<{ readonly label: string; readonly group: string; readonly vector: readonly number[] }>;
}
