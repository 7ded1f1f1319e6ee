/**
 * Random over-sampling (imblearn RandomOverSampler without shrinkage): every resampled class gets
 * copies of rows drawn with replacement until it has, by default, as many rows as the largest class.
 */
import { createRng } from './random.js';
import { participatingRows, rowsByClass, classCounts, targetCounts } from './strategy.js';
import { allocateLike, DEFAULT_SEED, type Resampled, type ResampleOptions, type RowData, type Samples } from './types.js';

export function oversample<T extends RowData>(samples: Samples<T>, options: ResampleOptions = {}): Resampled<T> {
  const rows = participatingRows(samples, options.rows);
  const byClass = rowsByClass(samples.labels, rows);
  const counts = classCounts(byClass);
  const targets = targetCounts(counts, options.strategy ?? 'auto', 'over');
  const rng = createRng(options.seed ?? DEFAULT_SEED);
  const { rowLength, data } = samples;

  let count = 0;
  for (const [label, target] of targets) count += target - (counts.get(label) ?? 0);
  const out = allocateLike(data, count * rowLength);
  const labels = new Int32Array(count);
  const parents = new Int32Array(2 * count);
  let j = 0;
  for (const [label, classRows] of byClass) {
    const need = (targets.get(label) ?? classRows.length) - classRows.length;
    for (let s = 0; s < need; s++, j++) {
      const parent = classRows[rng.int(classRows.length)] as number;
      out.set(data.subarray(parent * rowLength, (parent + 1) * rowLength), j * rowLength);
      labels[j] = label;
      parents[2 * j] = parent;
      parents[2 * j + 1] = parent;
    }
  }
  return { kept: rows.slice().sort(), synthetic: { count, rowLength, data: out, labels, parents, gaps: new Float32Array(count) } };
}
