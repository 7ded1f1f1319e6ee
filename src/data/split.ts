/**
 * Stratified train/test split (paper 3.3: 80/20, random_state 42). Stratified by person and group,
 * so each person's masked and unmasked photos are both split 80/20 (a cell of n photos gives
 * round(n x fraction) to test, never all of a person's photos when the person has two or more).
 */
import { createRng, shuffleInPlace } from './random.js';

export type Split = 'train' | 'test';

export interface SplitItem {
  readonly person: string;
  readonly group: string;
}

export function stratifiedSplit(items: readonly SplitItem[], testFraction: number, seed: number): Split[] {
  const cells = new Map<string, number[]>();
  items.forEach((item, i) => {
    const key = `${item.person}\u0000${item.group}`;
    const cell = cells.get(key);
    if (cell) cell.push(i);
    else cells.set(key, [i]);
  });
  const rng = createRng(seed);
  const result: Split[] = items.map(() => 'train');
  for (const key of [...cells.keys()].sort()) {
    const indices = cells.get(key)!;
    shuffleInPlace(indices, rng);
    const nTest = Math.min(indices.length - 1, Math.round(indices.length * testFraction));
    for (let i = 0; i < nTest; i++) result[indices[i]!] = 'test';
  }
  return result;
}
