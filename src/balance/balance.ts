/**
 * One entry point for the balancing methods, and the per-group mode of paper 3.1.3: for the
 * simulated-mask dataset SMOTE "was applied twice individually and then the data was
 * concatenated", i.e. masked and unmasked photos are balanced separately and never mixed.
 */
import { invalidArgument } from '../errors.js';
import { oversample } from './oversample.js';
import { smote, type SmoteOptions } from './smote.js';
import { participatingRows } from './strategy.js';
import { allocateLike, DEFAULT_SEED, emptySynthetic, type Resampled, type RowData, type Samples } from './types.js';
import { undersample } from './undersample.js';

export const BALANCE_METHODS = ['none', 'undersample', 'oversample', 'smote'] as const;
export type BalanceMethod = (typeof BALANCE_METHODS)[number];

export interface BalanceOptions extends SmoteOptions {
  readonly method: BalanceMethod;
  /**
   * A group per row (e.g. 0 masked, 1 unmasked). With it, each group is balanced on its own and
   * the results concatenated; a synthetic row's parents are then always of one group.
   */
  readonly groups?: ArrayLike<number>;
}

/** Seeds of successive groups differ by a large odd number, so their draws do not repeat. */
const GROUP_SEED_STRIDE = 0x9e3779b1;

export function balance<T extends RowData>(samples: Samples<T>, options: BalanceOptions): Resampled<T> {
  if (options.groups === undefined) return balanceOnce(samples, options);
  const rows = participatingRows(samples, options.rows);
  if (options.groups.length !== samples.labels.length) {
    throw invalidArgument('groups', `one group per row (${samples.labels.length})`, `${options.groups.length} groups`);
  }
  const byGroup = new Map<number, number[]>();
  for (const r of rows) {
    const g = options.groups[r] as number;
    let list = byGroup.get(g);
    if (list === undefined) byGroup.set(g, (list = []));
    list.push(r);
  }
  const seed = options.seed ?? DEFAULT_SEED;
  const parts = [...byGroup.keys()]
    .sort((a, b) => a - b)
    .map((g, i) => balanceOnce(samples, { ...options, groups: undefined, rows: Int32Array.from(byGroup.get(g) ?? []), seed: (seed + i * GROUP_SEED_STRIDE) >>> 0 }));
  return concatResampled(samples, parts);
}

function balanceOnce<T extends RowData>(samples: Samples<T>, options: BalanceOptions): Resampled<T> {
  switch (options.method) {
    case 'none':
      return { kept: participatingRows(samples, options.rows).slice().sort(), synthetic: emptySynthetic(samples.data, samples.rowLength) };
    case 'undersample':
      return undersample(samples, options);
    case 'oversample':
      return oversample(samples, options);
    case 'smote':
      return smote(samples, options);
    default:
      throw invalidArgument('balance method', BALANCE_METHODS.join(', '), options.method);
  }
}

/** Joins resampling results over disjoint row sets: kept rows merged, new rows appended in order. */
export function concatResampled<T extends RowData>(samples: Samples<T>, parts: readonly Resampled<T>[]): Resampled<T> {
  const L = samples.rowLength;
  const count = parts.reduce((n, p) => n + p.synthetic.count, 0);
  const data = allocateLike(samples.data, count * L);
  const labels = new Int32Array(count);
  const parents = new Int32Array(2 * count);
  const gaps = new Float32Array(count);
  let j = 0;
  for (const { synthetic: s } of parts) {
    data.set(s.data, j * L);
    labels.set(s.labels, j);
    parents.set(s.parents, 2 * j);
    gaps.set(s.gaps, j);
    j += s.count;
  }
  const kept = new Int32Array(parts.reduce((n, p) => n + p.kept.length, 0));
  let o = 0;
  for (const p of parts) {
    kept.set(p.kept, o);
    o += p.kept.length;
  }
  return { kept: kept.sort(), synthetic: { count, rowLength: L, data, labels, parents, gaps } };
}

/** imblearn's fit_resample output: kept rows then new rows, in one array (small data only: it copies). */
export function materialize<T extends RowData>(samples: Samples<T>, result: Resampled<T>): { data: T; labels: Int32Array } {
  const L = samples.rowLength;
  const n = result.kept.length + result.synthetic.count;
  const data = allocateLike(samples.data, n * L);
  const labels = new Int32Array(n);
  result.kept.forEach((r, i) => {
    data.set(samples.data.subarray(r * L, (r + 1) * L), i * L);
    labels[i] = samples.labels[r] as number;
  });
  data.set(result.synthetic.data, result.kept.length * L);
  labels.set(result.synthetic.labels, result.kept.length);
  return { data, labels };
}

/** Rows per class label, for printing counts before and after. */
export function countByLabel(labels: Iterable<number>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return new Map([...counts].sort((a, b) => a[0] - b[0]));
}
