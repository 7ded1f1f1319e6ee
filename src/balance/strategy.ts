/**
 * imbalanced-learn's sampling-strategy rules (imblearn.utils.check_sampling_strategy), as final
 * class counts. Over-sampling brings the chosen classes UP to the majority count, under-sampling
 * brings them DOWN to the minority count. Ties for majority or minority go to the smallest label,
 * as imblearn's `max`/`min` over its label-sorted class counts do.
 */
import { invalidArgument, MaskfaceError } from '../errors.js';
import type { RowData, Samples, SamplingStrategy } from './types.js';

export type SamplerKind = 'over' | 'under';

/** Row indices taking part: `rows` when given, else every row. */
export function participatingRows(samples: Samples<RowData>, rows?: Int32Array): Int32Array {
  const n = samples.labels.length;
  if (samples.rowLength <= 0 || samples.data.length !== n * samples.rowLength) {
    throw invalidArgument('samples', `data of labels.length x rowLength = ${n} x ${samples.rowLength} values`, `${samples.data.length} values`);
  }
  if (rows === undefined) return Int32Array.from({ length: n }, (_, i) => i);
  for (const r of rows) if (r < 0 || r >= n) throw invalidArgument('rows', `row indices in [0, ${n})`, r);
  return rows;
}

/** Rows of each class, classes in ascending label order (imblearn sorts with np.unique). */
export function rowsByClass(labels: ArrayLike<number>, rows: Int32Array): Map<number, Int32Array> {
  const lists = new Map<number, number[]>();
  for (const r of rows) {
    const label = labels[r] as number;
    if (!Number.isInteger(label)) throw invalidArgument(`label of row ${r}`, 'an integer class label', label);
    let list = lists.get(label);
    if (list === undefined) lists.set(label, (list = []));
    list.push(r);
  }
  const sorted = [...lists.keys()].sort((a, b) => a - b);
  return new Map(sorted.map((label) => [label, Int32Array.from(lists.get(label) ?? [])]));
}

export function classCounts(byClass: ReadonlyMap<number, Int32Array>): Map<number, number> {
  return new Map([...byClass].map(([label, rows]) => [label, rows.length]));
}

/** The count each resampled class ends with; classes absent from the result keep their count. */
export function targetCounts(counts: ReadonlyMap<number, number>, strategy: SamplingStrategy, kind: SamplerKind): Map<number, number> {
  if (counts.size === 0) return new Map();
  const entries = [...counts].sort((a, b) => a[0] - b[0]);
  const [majority, majorityCount] = entries.reduce((best, e) => (e[1] > best[1] ? e : best));
  const [minority, minorityCount] = entries.reduce((best, e) => (e[1] < best[1] ? e : best));
  const goal = kind === 'over' ? majorityCount : minorityCount;
  const pick = (keep: (label: number) => boolean): Map<number, number> =>
    new Map(entries.filter(([label]) => keep(label)).map(([label]) => [label, goal]));

  if (typeof strategy === 'number') return ratioTargets(entries, strategy, kind, majority, minority);
  if (strategy instanceof Map) return dictTargets(counts, strategy, kind);
  const rule = strategy === 'auto' ? (kind === 'over' ? 'not majority' : 'not minority') : strategy;
  switch (rule) {
    case 'all':
      return pick(() => true);
    case 'majority':
      if (kind === 'over') throw invalidArgument('sampling strategy', "'minority', 'not minority', 'not majority', 'all' or 'auto' for over-sampling", rule);
      return pick((label) => label === majority);
    case 'minority':
      if (kind === 'under') throw invalidArgument('sampling strategy', "'majority', 'not minority', 'not majority', 'all' or 'auto' for under-sampling", rule);
      return pick((label) => label === minority);
    case 'not minority':
      return pick((label) => label !== minority);
    case 'not majority':
      return pick((label) => label !== majority);
    default:
      throw invalidArgument('sampling strategy', "'auto', 'minority', 'majority', 'not minority', 'not majority', 'all', a Map or a ratio", rule);
  }
}

function dictTargets(counts: ReadonlyMap<number, number>, wanted: ReadonlyMap<number, number>, kind: SamplerKind): Map<number, number> {
  const out = new Map<number, number>();
  for (const [label, target] of wanted) {
    const have = counts.get(label);
    if (have === undefined) throw invalidArgument('sampling strategy', `classes present in the data (${[...counts.keys()].join(', ')})`, label);
    if (!Number.isInteger(target) || target < 0) throw invalidArgument(`target count of class ${label}`, 'a whole number >= 0', target);
    if (kind === 'over' && target < have) {
      throw new MaskfaceError('MF_INVALID_ARGUMENT', `class ${label}: over-sampling cannot reduce ${have} rows to ${target}; ask for ${have} or more.`);
    }
    if (kind === 'under' && target > have) {
      throw new MaskfaceError('MF_INVALID_ARGUMENT', `class ${label}: under-sampling cannot raise ${have} rows to ${target}; ask for ${have} or fewer.`);
    }
    out.set(label, target);
  }
  return out;
}

/** imblearn's float strategy: binary problems only; ratio = minority / majority after resampling. */
function ratioTargets(entries: [number, number][], ratio: number, kind: SamplerKind, majority: number, minority: number): Map<number, number> {
  if (entries.length !== 2) throw invalidArgument('sampling strategy ratio', 'exactly two classes (use a rule or a Map otherwise)', `${entries.length} classes`);
  if (!(ratio > 0 && ratio <= 1)) throw invalidArgument('sampling strategy ratio', 'a number in (0, 1]', ratio);
  const count = (label: number): number => entries.find((e) => e[0] === label)?.[1] ?? 0;
  if (kind === 'over') {
    const target = Math.trunc(count(majority) * ratio);
    if (target < count(minority)) {
      throw new MaskfaceError('MF_INVALID_ARGUMENT', `ratio ${ratio} asks for fewer minority rows (${target}) than there are (${count(minority)}); give a larger ratio.`);
    }
    return new Map([[minority, target]]);
  }
  const target = Math.trunc(count(minority) / ratio);
  if (target > count(majority)) {
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `ratio ${ratio} asks for more majority rows (${target}) than there are (${count(majority)}); give a larger ratio.`);
  }
  return new Map([[majority, target]]);
}
