/**
 * A small seeded pseudo-random generator (mulberry32, Tommy Ettinger's 32-bit mixer): every
 * balancing and augmentation step takes one, so a run with the same seed gives the same dataset.
 * Not for cryptography; 2^32 period is plenty for sampling photos.
 */
import { createRng as createNext, shuffleInPlace as shuffleWith } from '../data/random.js';

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** A float in [low, high). */
  uniform(low: number, high: number): number;
}

/** Makes a generator from a 32-bit seed (any number; it is truncated to 32 bits). */
export function createRng(seed: number): Rng {
  const next = createNext(seed);
  return {
    next,
    int: (maxExclusive) => Math.floor(next() * maxExclusive),
    uniform: (low, high) => low + (high - low) * next(),
  };
}

/** Fisher-Yates shuffle in place. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(values: T, rng: Rng): T {
  return shuffleWith(values, rng.next);
}

/** `count` distinct integers from [0, n), in random order (partial Fisher-Yates). */
export function sampleWithoutReplacement(n: number, count: number, rng: Rng): Int32Array {
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(n - i);
    const tmp = pool[i] as number;
    pool[i] = pool[j] as number;
    pool[j] = tmp;
  }
  return pool.slice(0, count);
}
