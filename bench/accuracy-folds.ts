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

/**
 * Folds that never split a near-duplicate group (`groups[i]`: group id of item i). Each person's
 * groups, in a shuffled order, largest first, go to the fold holding the fewest of that person's
 * photos so far (ties: the fold after the previous one), so folds stay close to stratified by person.
 */
export function groupedFolds(items: readonly FoldItem[], groups: readonly number[], k: number, seed: number): number[] {
  const rng = createRng(seed);
  const byPerson = new Map<string, Map<number, number[]>>();
  items.forEach((item, i) => {
    const personGroups = byPerson.get(item.person) ?? new Map<number, number[]>();
    personGroups.set(groups[i]!, [...(personGroups.get(groups[i]!) ?? []), i]);
    byPerson.set(item.person, personGroups);
  });
  const folds = new Array<number>(items.length).fill(0);
  let next = Math.floor(rng() * k);
  for (const person of shuffleInPlace([...byPerson.keys()].sort(), rng)) {
    const members = shuffleInPlace([...byPerson.get(person)!.values()], rng).sort((a, b) => b.length - a.length);
    const counts = new Array<number>(k).fill(0);
    for (const group of members) {
      let best = next;
      for (let step = 0; step < k; step++) {
        const f = (next + step) % k;
        if (counts[f]! < counts[best]!) best = f;
      }
      for (const i of group) folds[i] = best;
      counts[best]! += group.length;
      next = (best + 1) % k;
    }
  }
  return folds;
}
