/**
 * SMOTE (Chawla et al. 2002; imblearn.over_sampling.SMOTE, paper 3.1.3): each new row of a class
 * lies on the segment between a random row of that class and one of its k nearest same-class
 * neighbours, at a uniform random gap. As in imblearn, the (row, neighbour) pairs are drawn first,
 * then the gaps; neighbours are found only for rows actually drawn (see knn.ts).
 */
import { MaskfaceError } from '../errors.js';
import { ClassNeighbours } from './knn.js';
import { createRng } from './random.js';
import { classCounts, participatingRows, rowsByClass, targetCounts } from './strategy.js';
import { allocateLike, DEFAULT_SEED, type Resampled, type ResampleOptions, type RowData, type Samples } from './types.js';

export const DEFAULT_K = 5;

/** What SMOTE does with a class that has k or fewer rows (so fewer than k neighbours). */
export const SMALL_CLASS_POLICIES = ['error', 'shrink'] as const;
export type SmallClassPolicy = (typeof SMALL_CLASS_POLICIES)[number];
/** imbalanced-learn's behaviour: refuse, naming the class. */
export const DEFAULT_SMALL_CLASS: SmallClassPolicy = 'error';

export interface SmoteOptions extends ResampleOptions {
  /** Same-class neighbours each new row may be drawn towards. Default 5, as imblearn. */
  readonly k?: number;
  /**
   * 'error' (default, as imblearn, which refuses n_neighbors > rows): throw, naming the class.
   * 'shrink': use k = rows - 1 for that class; a class of one row gets copies of it (gap 0).
   */
  readonly smallClass?: SmallClassPolicy;
  /** Names of the classes by label, for error messages (e.g. person names). */
  readonly classNames?: readonly string[];
}

export function smote<T extends RowData>(samples: Samples<T>, options: SmoteOptions = {}): Resampled<T> {
  const k = options.k ?? DEFAULT_K;
  if (!Number.isInteger(k) || k < 1) throw new MaskfaceError('MF_INVALID_ARGUMENT', `SMOTE k: expected a whole number >= 1, received ${k}.`);
  const rows = participatingRows(samples, options.rows);
  const byClass = rowsByClass(samples.labels, rows);
  const counts = classCounts(byClass);
  const targets = targetCounts(counts, options.strategy ?? 'auto', 'over');
  const rng = createRng(options.seed ?? DEFAULT_SEED);
  const { rowLength: L, data } = samples;

  let count = 0;
  for (const [label, target] of targets) count += target - (counts.get(label) ?? 0);
  const out = allocateLike(data, count * L);
  const labels = new Int32Array(count);
  const parents = new Int32Array(2 * count);
  const gaps = new Float32Array(count);
  const round = data instanceof Uint8Array;

  let j = 0;
  for (const [label, classRows] of byClass) {
    const m = classRows.length;
    const need = (targets.get(label) ?? m) - m;
    if (need <= 0) continue;
    const kUsed = neighboursFor(options.classNames?.[label] ?? `class ${label}`, m, k, options.smallClass ?? DEFAULT_SMALL_CLASS);
    const picks = new Int32Array(need);
    for (let s = 0; s < need; s++) picks[s] = rng.int(m * Math.max(kUsed, 1));
    for (let s = 0; s < need; s++) gaps[j + s] = kUsed === 0 ? 0 : rng.next();

    const neighbours = new ClassNeighbours(data, L, classRows);
    const cache = new Map<number, Int32Array>();
    for (let s = 0; s < need; s++, j++) {
      const base = kUsed === 0 ? 0 : Math.floor((picks[s] as number) / kUsed);
      let near = cache.get(base);
      if (near === undefined && kUsed > 0) cache.set(base, (near = neighbours.nearest(base, kUsed)));
      const a = classRows[base] as number;
      const b = near === undefined ? a : (classRows[near[(picks[s] as number) % kUsed] as number] as number);
      labels[j] = label;
      parents[2 * j] = a;
      parents[2 * j + 1] = b;
      interpolateRow(data, L, a, b, gaps[j] as number, out, j * L, round);
    }
  }
  return { kept: rows.slice().sort(), synthetic: { count, rowLength: L, data: out, labels, parents, gaps } };
}

function neighboursFor(name: string, rows: number, k: number, policy: SmallClassPolicy): number {
  if (rows > k) return k;
  if (policy === 'shrink') return rows - 1;
  throw new MaskfaceError(
    'MF_INVALID_ARGUMENT',
    // The fix names the flags of every command that balances (balance, train, experiment: src/cli/balance-options.ts).
    `SMOTE: ${name} has ${rows} row(s), so fewer than k=${k} neighbours. ` +
      (rows > 1 ? `Lower k to ${rows - 1} or fewer (--k ${rows - 1}), or let` : 'Let') + " small classes shrink k (--small-class shrink; option smallClass: 'shrink').",
  );
}

/** out[o..o+L) = row a + gap * (row b - row a); rounded to the nearest integer for 8-bit rows. */
function interpolateRow(data: RowData, L: number, a: number, b: number, gap: number, out: RowData, o: number, round: boolean): void {
  const ao = a * L;
  const bo = b * L;
  if (round) {
    for (let t = 0; t < L; t++) {
      const va = data[ao + t] as number;
      out[o + t] = Math.round(va + gap * ((data[bo + t] as number) - va));
    }
  } else {
    for (let t = 0; t < L; t++) {
      const va = data[ao + t] as number;
      out[o + t] = va + gap * ((data[bo + t] as number) - va);
    }
  }
}
