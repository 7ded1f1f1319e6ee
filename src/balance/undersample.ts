/**
 * Random under-sampling (imblearn RandomUnderSampler, replacement=False, paper 3.1.3): every
 * resampled class keeps a random subset of its rows, by default as many as the smallest class has.
 */
import { createRng, sampleWithoutReplacement } from './random.js';
import { participatingRows, rowsByClass, classCounts, targetCounts } from './strategy.js';
import { DEFAULT_SEED, emptySynthetic, type Resampled, type ResampleOptions, type RowData, type Samples } from './types.js';

export function undersample<T extends RowData>(samples: Samples<T>, options: ResampleOptions = {}): Resampled<T> {
  const rows = participatingRows(samples, options.rows);
  const byClass = rowsByClass(samples.labels, rows);
  const targets = targetCounts(classCounts(byClass), options.strategy ?? 'auto', 'under');
  const rng = createRng(options.seed ?? DEFAULT_SEED);
  const kept: number[] = [];
  for (const [label, classRows] of byClass) {
    const target = targets.get(label);
    if (target === undefined) {
      kept.push(...classRows);
      continue;
    }
    for (const pick of sampleWithoutReplacement(classRows.length, target, rng)) kept.push(classRows[pick] as number);
  }
  return { kept: Int32Array.from(kept).sort(), synthetic: emptySynthetic(samples.data, samples.rowLength) };
}
