/**
 * Samples to balance: all rows in ONE typed array (row i is `data[i*rowLength, (i+1)*rowLength)`),
 * so 9,000 photos of 160x160x3 are one 691 MB Uint8Array and never millions of small objects.
 * Rows are referred to by their index everywhere; resamplers return indices and new rows only.
 */

export type RowData = Uint8Array | Float32Array;

export interface Samples<T extends RowData = RowData> {
  readonly data: T;
  /** Values per row (76,800 for a 160x160 RGB photo; 512 for an embedding). */
  readonly rowLength: number;
  /** One integer class label per row (a person's index). */
  readonly labels: ArrayLike<number>;
}

/**
 * New rows made by over-sampling. Row j is `a + gap * (b - a)` for its parents a = parents[2j] and
 * b = parents[2j+1] (indices into the input rows): SMOTE's base row and neighbour, or for a random
 * over-sampler's duplicate, the same row twice with gap 0.
 */
export interface SyntheticRows<T extends RowData = RowData> {
  readonly count: number;
  readonly rowLength: number;
  readonly data: T;
  readonly labels: Int32Array;
  readonly parents: Int32Array;
  readonly gaps: Float32Array;
}

export interface Resampled<T extends RowData = RowData> {
  /** Input rows kept, ascending. */
  readonly kept: Int32Array;
  readonly synthetic: SyntheticRows<T>;
}

/**
 * imbalanced-learn's `sampling_strategy`: a rule naming which classes to resample ('auto' is
 * 'not majority' for over-samplers and 'not minority' for under-samplers), a map of class to the
 * count wanted, or, for two classes only, the ratio minority/majority wanted after resampling.
 */
export type SamplingStrategy =
  | 'auto'
  | 'minority'
  | 'majority'
  | 'not minority'
  | 'not majority'
  | 'all'
  | ReadonlyMap<number, number>
  | number;

export interface ResampleOptions {
  /** Which classes to resample and to what count. Default 'auto'. */
  readonly strategy?: SamplingStrategy;
  /** Seed of the generator that picks rows (mulberry32). Default 42. */
  readonly seed?: number;
  /** Only these input rows take part (ascending or not); the others are ignored. Default: all rows. */
  readonly rows?: Int32Array;
}

export const DEFAULT_SEED = 42;

export function emptySynthetic<T extends RowData>(like: T, rowLength: number): SyntheticRows<T> {
  return {
    count: 0,
    rowLength,
    data: like.subarray(0, 0) as T,
    labels: new Int32Array(0),
    parents: new Int32Array(0),
    gaps: new Float32Array(0),
  };
}

/** A typed array of the same kind as `like`, of `length` values. */
export function allocateLike<T extends RowData>(like: T, length: number): T {
  return (like instanceof Uint8Array ? new Uint8Array(length) : new Float32Array(length)) as T;
}
