/**
 * One method's leak-free cross-validation: k folds x seeds, stratified by person and group, or, with
 * `groups`, folds that keep each near-duplicate group whole (`groupedFolds`).
 */
import type { LabelledVector } from '../src/methods/projection.js';
import type { BenchPhoto } from './accuracy-data.js';
import { groupedFolds, stratifiedFolds } from './accuracy-folds.js';
import type { BenchMethod } from './accuracy-methods.js';
import type { FoldResult } from './accuracy-table.js';

export interface CvInput {
  readonly enrolled: ReadonlyArray<{ readonly photo: BenchPhoto; readonly vector: Float32Array }>;
  readonly strangers: readonly Float32Array[];
  readonly background: readonly LabelledVector[];
  readonly folds: number;
  readonly seeds: number;
  /** Near-duplicate group id of each enrolled photo; absent: plain stratified folds. */
  readonly groups?: readonly number[];
  readonly onSeed?: (seed: number) => void;
}

export function crossValidate(method: BenchMethod, input: CvInput): FoldResult[] {
  const { enrolled, strangers, background } = input;
  method.prepare?.(background);
  const list: FoldResult[] = [];
  const rate = ([hit, n]: number[]): number => (100 * hit!) / n!;
  for (let seed = 1; seed <= input.seeds; seed++) {
    const items = enrolled.map((e) => e.photo);
    const assignment = input.groups === undefined ? stratifiedFolds(items, input.folds, seed) : groupedFolds(items, input.groups, input.folds, seed);
    for (let fold = 0; fold < input.folds; fold++) {
      const train = enrolled.filter((_, i) => assignment[i] !== fold).map((e) => ({ vector: e.vector, label: e.photo.person, masked: e.photo.group === 'masked' }));
      const predict = method.train(train, background);
      const tally = { masked: [0, 0], unmasked: [0, 0], maskedOpen: [0, 0], rejected: [0, 0] };
      enrolled.forEach((e, i) => {
        if (assignment[i] !== fold) return;
        const answer = predict(e.vector);
        const group = e.photo.group === 'masked' ? tally.masked : tally.unmasked;
        group[0]! += answer.best === e.photo.person ? 1 : 0;
        group[1]!++;
        if (e.photo.group === 'masked') {
          tally.maskedOpen[0]! += answer.label === e.photo.person ? 1 : 0;
          tally.maskedOpen[1]!++;
        }
      });
      for (const s of strangers) {
        tally.rejected[0]! += predict(s).label === 'unknown' ? 1 : 0;
        tally.rejected[1]!++;
      }
      list.push({ masked: rate(tally.masked), unmasked: rate(tally.unmasked), rejection: rate(tally.rejected), maskedOpen: rate(tally.maskedOpen) });
    }
    input.onSeed?.(seed);
  }
  return list;
}
