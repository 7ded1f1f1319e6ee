/**
 * How `fit-backbone` scores a checkpoint: on development people it never trains on, the share of
 * masked photos whose nearest person (cosine to the mean of each person's unmasked embeddings) is
 * right, and the same for unmasked photos left out of their own person's mean; the score is the
 * mean of the two. Embeddings are the mean of a photo's and its mirror's, as the gallery makes them.
 */
import { dot, unit } from '../../methods/vectors.js';

export interface DevSample {
  readonly person: string;
  readonly masked: boolean;
  readonly vector: Float32Array;
  readonly mirrored: Float32Array;
}

export interface DevScore {
  readonly masked: number;
  readonly unmasked: number;
  /** (masked + unmasked) / 2: what the checkpoint is chosen on. */
  readonly score: number;
}

function add(into: Float32Array, v: Float32Array, sign = 1): void {
  for (let i = 0; i < v.length; i++) into[i] = into[i]! + sign * v[i]!;
}

export function devScore(samples: readonly DevSample[], embed: (v: Float32Array) => Float32Array): DevScore {
  const vectors = samples.map((s) => {
    const both = embed(s.vector).slice();
    add(both, embed(s.mirrored));
    return unit(both);
  });
  const sums = new Map<string, { sum: Float32Array; n: number }>();
  samples.forEach((s, i) => {
    if (s.masked) return;
    const entry = sums.get(s.person) ?? { sum: new Float32Array(vectors[i]!.length), n: 0 };
    add(entry.sum, vectors[i]!);
    entry.n++;
    sums.set(s.person, entry);
  });
  const nearest = (v: Float32Array, leaveOut?: { person: string; vector: Float32Array }): string | undefined => {
    let best: string | undefined;
    let bestScore = -Infinity;
    for (const [person, { sum, n }] of sums) {
      let mean = sum;
      if (leaveOut?.person === person) {
        if (n < 2) continue;
        mean = sum.slice();
        add(mean, leaveOut.vector, -1);
      }
      const score = dot(v, unit(mean));
      if (score > bestScore) {
        bestScore = score;
        best = person;
      }
    }
    return best;
  };
  const right = { masked: 0, unmasked: 0 };
  const total = { masked: 0, unmasked: 0 };
  samples.forEach((s, i) => {
    const key = s.masked ? 'masked' : 'unmasked';
    total[key]++;
    const v = vectors[i]!;
    if (nearest(v, s.masked ? undefined : { person: s.person, vector: v }) === s.person) right[key]++;
  });
  const masked = total.masked === 0 ? 0 : right.masked / total.masked;
  const unmasked = total.unmasked === 0 ? 0 : right.unmasked / total.unmasked;
  return { masked, unmasked, score: (masked + unmasked) / 2 };
}
