/**
 * Where balancing sits relative to the train/test split.
 *
 * 'paper' (paper 3.1.3 then 3.3): the WHOLE set is balanced, then split 80/20. A SMOTE row made
 * from a test photo, or a duplicate of one, can land in training: the test photo leaks. This is
 * kept to reproduce the paper's numbers.
 * 'leak-free': split the real photos first, balance only the training part; the test part stays
 * real and unbalanced, and no training row is derived from a test photo.
 */
import { invalidArgument } from '../errors.js';
import { balance, type BalanceOptions } from './balance.js';
import { createRng, shuffleInPlace } from './random.js';
import { DEFAULT_SEED, type Resampled, type RowData, type Samples } from './types.js';

export const PROTOCOLS = ['paper', 'leak-free'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/**
 * Decides the split of the rows it is given, in order: returns 1 for each row that goes to the
 * test set. 'leak-free' calls it once with the real rows (row i is input row i); 'paper' calls it
 * once with the balanced rows (kept real rows, ascending, then synthetic rows).
 */
export type SplitAssigner = (labels: Int32Array, groups: Int32Array | undefined) => Uint8Array;

export interface ProtocolOptions extends Omit<BalanceOptions, 'rows'> {
  readonly protocol: Protocol;
  readonly split: SplitAssigner;
}

export interface ProtocolResult<T extends RowData = RowData> extends Resampled<T> {
  readonly protocol: Protocol;
  readonly method: BalanceOptions['method'];
  /** Number of input rows: ids below it are input rows, id `inputRows + j` is synthetic row j. */
  readonly inputRows: number;
  readonly train: Int32Array;
  readonly test: Int32Array;
}

export function applyProtocol<T extends RowData>(samples: Samples<T>, options: ProtocolOptions): ProtocolResult<T> {
  const n = samples.labels.length;
  const groupOf = (row: number): number => (options.groups?.[row] as number | undefined) ?? 0;
  const groups = options.groups === undefined ? undefined : Int32Array.from({ length: n }, (_, r) => groupOf(r));
  const labels = Int32Array.from(samples.labels);

  if (options.protocol === 'leak-free') {
    const isTest = checkedSplit(options.split(labels, groups), n);
    const trainRows: number[] = [];
    const testRows: number[] = [];
    for (let r = 0; r < n; r++) (isTest[r] === 1 ? testRows : trainRows).push(r);
    const balanced = balance(samples, { ...options, rows: Int32Array.from(trainRows) });
    const train = new Int32Array(balanced.kept.length + balanced.synthetic.count);
    train.set(balanced.kept);
    for (let j = 0; j < balanced.synthetic.count; j++) train[balanced.kept.length + j] = n + j;
    return { ...balanced, protocol: 'leak-free', method: options.method, inputRows: n, train, test: Int32Array.from(testRows) };
  }
  if (options.protocol !== 'paper') throw invalidArgument('protocol', PROTOCOLS.join(' or '), options.protocol);

  const balanced = balance(samples, options);
  const ids = new Int32Array(balanced.kept.length + balanced.synthetic.count);
  ids.set(balanced.kept);
  for (let j = 0; j < balanced.synthetic.count; j++) ids[balanced.kept.length + j] = n + j;
  const idLabels = ids.map((id) => (id < n ? (labels[id] as number) : (balanced.synthetic.labels[id - n] as number)));
  const idGroups = groups === undefined ? undefined : ids.map((id) => groupOf(id < n ? id : (balanced.synthetic.parents[2 * (id - n)] as number)));
  const isTest = checkedSplit(options.split(idLabels, idGroups), ids.length);
  return {
    ...balanced,
    protocol: 'paper',
    method: options.method,
    inputRows: n,
    train: ids.filter((_, i) => isTest[i] !== 1),
    test: ids.filter((_, i) => isTest[i] === 1),
  };
}

/** Input rows an output id comes from: itself for a real row, its two parents for a synthetic one. */
export function sourcesOf(result: ProtocolResult, id: number): readonly number[] {
  if (id < result.inputRows) return [id];
  const j = id - result.inputRows;
  return [result.synthetic.parents[2 * j] as number, result.synthetic.parents[2 * j + 1] as number];
}

/**
 * A seeded split stratified by class (and group when given): in each stratum a random
 * round(size x testFraction) rows go to the test set, like scikit-learn's
 * train_test_split(test_size=0.2, stratify=y) that the paper's 80/20 split stands for.
 */
export function stratifiedSplit(testFraction = 0.2, seed = DEFAULT_SEED): SplitAssigner {
  if (!(testFraction >= 0 && testFraction < 1)) throw invalidArgument('test fraction', 'a number in [0, 1)', testFraction);
  return (labels, groups) => {
    const rng = createRng(seed);
    const strata = new Map<string, number[]>();
    labels.forEach((label, i) => {
      const key = `${groups?.[i] ?? 0}:${label}`;
      let list = strata.get(key);
      if (list === undefined) strata.set(key, (list = []));
      list.push(i);
    });
    const isTest = new Uint8Array(labels.length);
    for (const key of [...strata.keys()].sort()) {
      const members = shuffleInPlace(Int32Array.from(strata.get(key) ?? []), rng);
      const testCount = Math.round(members.length * testFraction);
      for (let i = 0; i < testCount; i++) isTest[members[i] as number] = 1;
    }
    return isTest;
  };
}

function checkedSplit(isTest: Uint8Array, expected: number): Uint8Array {
  if (isTest.length !== expected) throw invalidArgument('split assignment', `one flag per row (${expected})`, `${isTest.length} flags`);
  return isTest;
}
