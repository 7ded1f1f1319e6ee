/**
 * Stratified train/test split (paper 3.3: 80/20, random_state 42). Stratified by person and group,
 * so each person's masked and unmasked photos are both split 80/20 (a cell of n photos gives
 * round(n x fraction) to test, never all of a person's photos when the person has two or more).
 *
 * With near-duplicate groups (src/data/near-duplicates.ts) a group is never split: a copy of a test
 * photo in training makes the split optimistic. Groups go to test whole, only while every cell they
 * touch stays within its share, so a cell may end with fewer test photos than round(n x fraction);
 * with no group of two or more the split is exactly the paper's.
 */
import { invalidArgument } from '../errors.js';
import { createRng, shuffleInPlace } from './random.js';

export type Split = 'train' | 'test';

export interface SplitItem {
  readonly person: string;
  readonly group: string;
}

/**
 * Train or test for each item, in the items' order. `groups[i]`, when given, is the near-duplicate
 * group id of item i (any number; items with one id stay on one side).
 */
export function stratifiedSplit(items: readonly SplitItem[], testFraction: number, seed: number, groups?: readonly number[]): Split[] {
  if (groups !== undefined && groups.length !== items.length) throw invalidArgument('stratifiedSplit groups', `one group id per item (${items.length})`, groups.length);
  const cells = new Map<string, number[]>();
  const cellOf = items.map((item, i) => {
    const key = `${item.person}\u0000${item.group}`;
    const cell = cells.get(key);
    if (cell) cell.push(i);
    else cells.set(key, [i]);
    return key;
  });
  const members = new Map<number, number[]>();
  groups?.forEach((g, i) => members.set(g, [...(members.get(g) ?? []), i]));
  const target = new Map([...cells].map(([key, indices]) => [key, Math.min(indices.length - 1, Math.round(indices.length * testFraction))]));
  const taken = new Map([...cells.keys()].map((key) => [key, 0]));
  const decided = new Array<boolean>(items.length).fill(false);
  const rng = createRng(seed);
  const result: Split[] = items.map(() => 'train');
  for (const key of [...cells.keys()].sort()) {
    const indices = cells.get(key)!;
    shuffleInPlace(indices, rng);
    for (const i of indices) {
      if (taken.get(key)! >= target.get(key)!) break;
      if (decided[i]) continue;
      const group = groups === undefined ? [i] : members.get(groups[i]!)!;
      const need = new Map<string, number>();
      for (const m of group) need.set(cellOf[m]!, (need.get(cellOf[m]!) ?? 0) + 1);
      const fits = [...need].every(([cell, n]) => taken.get(cell)! + n <= target.get(cell)!);
      for (const m of group) {
        decided[m] = true;
        if (fits) result[m] = 'test';
      }
      if (fits) for (const [cell, n] of need) taken.set(cell, taken.get(cell)! + n);
    }
  }
  return result;
}
