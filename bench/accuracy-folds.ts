/**
 * Leak-free cross-validation folds: every photo is a test photo exactly once, and folds are
 * stratified by person and group (masked / unmasked) so each fold holds about 1/k of every
 * person's masked and unmasked photos.
 */
import { createRng, shuffleInPlace } from '../src/data/random.js';

export interface FoldItem {
  readonly person: string;
  readonly group: string;
}

/** Fold index (0..k-1) of each item, in the items' order. */
export function stratifiedFolds(items: readonly FoldItem[], k: number, seed: number): number[] {
  const rng = createRng(seed);
  const strata = new Map<string, number[]>();
  items.forEach((item, i) => {
    const key = `${item.person}\u0000${item.group}`;
    strata.set(key, [...(strata.get(key) ?? []), i]);
  });
  const folds = new Array<number>(items.length).fill(0);
  // Strata are visited in a shuffled order and continue the fold counter of the previous one, so
  // the leftovers of strata whose size is not a multiple of k spread evenly over the folds.
  let next = Math.floor(rng() * k);
  for (const key of shuffleInPlace([...strata.keys()].sort(), rng)) {
    for (const index of shuffleInPlace([...strata.get(key)!], rng)) {
      folds[index] = next;
      next = (next + 1) % k;
    }
  }
  return folds;
}
