/**
 * A linear projection of embeddings learned from labelled photos: PCA, then linear discriminant
 * analysis (within-class whitening followed by the directions that best separate people). Fitted on
 * masked and unmasked photos of the same people, the within-class scatter contains the change a mask
 * makes, so whitening it shrinks the directions a mask moves an embedding along (a mask-invariant
 * space, as within-class covariance normalisation does for speaker verification).
 */
import { invalidArgument } from '../errors.js';
import { symmetricEigen } from './symmetric-eigen.js';

export interface LabelledVector {
  readonly vector: Float32Array;
  /** Class label: the person. */
  readonly label: string;
}

export interface Projection {
  readonly inputDimension: number;
  readonly outputDimension: number;
  /** Subtracted before multiplying. */
  readonly mean: Float32Array;
  /** outputDimension x inputDimension, row-major. */
  readonly matrix: Float32Array;
}

export interface LdaOptions {
  /** PCA dimensions kept before LDA (capped by the rank of the data). */
  readonly pcaDimensions: number;
  /** LDA output dimensions (capped by people - 1); 0 keeps every whitened PCA dimension (WCCN). */
  readonly ldaDimensions: number;
  /** Added to the within-class covariance, as a fraction of its mean eigenvalue: shrinkage towards a sphere. */
  readonly shrinkage: number;
}

export function project(projection: Projection, vector: Float32Array): Float32Array {
  const { inputDimension: d, outputDimension: k, mean, matrix } = projection;
  if (vector.length !== d) throw invalidArgument('vector to project', `${d} values`, vector.length);
  const centred = new Float32Array(d);
  for (let i = 0; i < d; i++) centred[i] = vector[i]! - mean[i]!;
  const out = new Float32Array(k);
  for (let r = 0; r < k; r++) {
    let sum = 0;
    const row = r * d;
    for (let i = 0; i < d; i++) sum += matrix[row + i]! * centred[i]!;
    out[r] = sum;
  }
  return out;
}

/** Principal components, through the N x N Gram matrix when there are fewer samples than dimensions. */
export function fitPca(vectors: readonly Float32Array[], dimensions: number): Projection {
  const n = vectors.length;
  const d = vectors[0]?.length ?? 0;
  if (n < 2 || d === 0) throw invalidArgument('PCA samples', 'at least 2 non-empty vectors', n);
  const mean = new Float64Array(d);
  for (const v of vectors) for (let i = 0; i < d; i++) mean[i] = mean[i]! + v[i]! / n;
  const x = new Float64Array(n * d);
  vectors.forEach((v, r) => {
    for (let i = 0; i < d; i++) x[r * d + i] = v[i]! - mean[i]!;
  });
  const components: Float64Array[] = [];
  if (n <= d) {
    const gram = new Float64Array(n * n);
    for (let a = 0; a < n; a++) {
      for (let b = a; b < n; b++) {
        let s = 0;
        for (let i = 0; i < d; i++) s += x[a * d + i]! * x[b * d + i]!;
        gram[a * n + b] = s;
        gram[b * n + a] = s;
      }
    }
    const eig = symmetricEigen(gram, n);
    const floor = eig.values[0]! * 1e-9;
    for (let c = 0; c < Math.min(dimensions, n) && eig.values[c]! > floor; c++) {
      const comp = new Float64Array(d);
      const scale = 1 / Math.sqrt(eig.values[c]!);
      for (let r = 0; r < n; r++) {
        const u = eig.vectors[c * n + r]! * scale;
        if (u !== 0) for (let i = 0; i < d; i++) comp[i] = comp[i]! + u * x[r * d + i]!;
      }
      components.push(comp);
    }
  } else {
    const cov = new Float64Array(d * d);
    for (let r = 0; r < n; r++) {
      for (let a = 0; a < d; a++) {
        const xa = x[r * d + a]!;
        for (let b = a; b < d; b++) cov[a * d + b] = cov[a * d + b]! + xa * x[r * d + b]!;
      }
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[a * d + b] = cov[b * d + a]!;
    const eig = symmetricEigen(cov, d);
    const floor = eig.values[0]! * 1e-9;
    for (let c = 0; c < Math.min(dimensions, d) && eig.values[c]! > floor; c++) components.push(eig.vectors.slice(c * d, (c + 1) * d));
  }
  const matrix = new Float32Array(components.length * d);
  components.forEach((comp, r) => matrix.set(comp, r * d));
  return { inputDimension: d, outputDimension: components.length, mean: Float32Array.from(mean), matrix };
}

/** LDA in an already reduced space: returns the k x k' matrix (rows are output directions). */
function ldaMatrix(samples: readonly { y: Float64Array; label: string }[], k: number, options: LdaOptions): { rows: number; matrix: Float64Array } {
  const groups = new Map<string, Float64Array[]>();
  for (const s of samples) groups.set(s.label, [...(groups.get(s.label) ?? []), s.y]);
  const total = samples.length;
  const globalMean = new Float64Array(k);
  for (const s of samples) for (let i = 0; i < k; i++) globalMean[i] = globalMean[i]! + s.y[i]! / total;
  const sw = new Float64Array(k * k);
  const sb = new Float64Array(k * k);
  const diff = new Float64Array(k);
  for (const members of groups.values()) {
    const m = new Float64Array(k);
    for (const y of members) for (let i = 0; i < k; i++) m[i] = m[i]! + y[i]! / members.length;
    for (const y of members) {
      for (let i = 0; i < k; i++) diff[i] = y[i]! - m[i]!;
      for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) sw[a * k + b] = sw[a * k + b]! + (diff[a]! * diff[b]!) / total;
    }
    for (let i = 0; i < k; i++) diff[i] = m[i]! - globalMean[i]!;
    const weight = members.length / total;
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) sb[a * k + b] = sb[a * k + b]! + weight * diff[a]! * diff[b]!;
  }
  let trace = 0;
  for (let i = 0; i < k; i++) trace += sw[i * k + i]!;
  const ridge = (options.shrinkage * trace) / k;
  for (let i = 0; i < k; i++) sw[i * k + i] = sw[i * k + i]! + ridge + 1e-12;
  const within = symmetricEigen(sw, k);
  // whiten: rows of W are v_i / sqrt(lambda_i)
  const whiten = new Float64Array(k * k);
  for (let r = 0; r < k; r++) {
    const s = 1 / Math.sqrt(Math.max(within.values[r]!, 1e-12));
    for (let i = 0; i < k; i++) whiten[r * k + i] = within.vectors[r * k + i]! * s;
  }
  const outDims = options.ldaDimensions > 0 ? Math.min(options.ldaDimensions, groups.size - 1, k) : 0;
  if (outDims === 0) return { rows: k, matrix: whiten };
  // between-class scatter in the whitened space: W Sb W^T
  const tmp = new Float64Array(k * k);
  for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) {
    let s = 0;
    for (let i = 0; i < k; i++) s += whiten[r * k + i]! * sb[i * k + c]!;
    tmp[r * k + c] = s;
  }
  const between = new Float64Array(k * k);
  for (let r = 0; r < k; r++) for (let c = r; c < k; c++) {
    let s = 0;
    for (let i = 0; i < k; i++) s += tmp[r * k + i]! * whiten[c * k + i]!;
    between[r * k + c] = s;
    between[c * k + r] = s;
  }
  const eig = symmetricEigen(between, k);
  const out = new Float64Array(outDims * k);
  for (let r = 0; r < outDims; r++) for (let c = 0; c < k; c++) {
    let s = 0;
    for (let i = 0; i < k; i++) s += eig.vectors[r * k + i]! * whiten[i * k + c]!;
    out[r * k + c] = s;
  }
  return { rows: outDims, matrix: out };
}

/**
 * PCA coordinates of vectors already reduced by the same PCA: a background set is refitted with
 * every training set of a cross-validation, and its reduction is the costliest step of a fit.
 * Weak maps, so nothing is kept alive by the cache.
 */
const reducedCache = new WeakMap<Projection, WeakMap<Float32Array, Float64Array>>();

function reduce(pca: Projection, vector: Float32Array): Float64Array {
  let byVector = reducedCache.get(pca);
  if (byVector === undefined) reducedCache.set(pca, (byVector = new WeakMap()));
  let y = byVector.get(vector);
  if (y === undefined) byVector.set(vector, (y = Float64Array.from(project(pca, vector))));
  return y;
}

/** Fits LDA on top of a PCA (given, or fitted here on the same samples). */
export function fitLda(samples: readonly LabelledVector[], options: LdaOptions, pca: Projection = fitPca(samples.map((s) => s.vector), options.pcaDimensions)): Projection {
  // A PCA with more components than asked is truncated: its components are sorted by variance.
  const k = Math.min(pca.outputDimension, options.pcaDimensions);
  const reduced = samples.map((s) => ({ y: reduce(pca, s.vector).subarray(0, k), label: s.label }));
  const lda = ldaMatrix(reduced, k, options);
  const d = pca.inputDimension;
  const matrix = new Float32Array(lda.rows * d);
  for (let r = 0; r < lda.rows; r++) {
    for (let c = 0; c < k; c++) {
      const w = lda.matrix[r * k + c]!;
      if (w === 0) continue;
      for (let i = 0; i < d; i++) matrix[r * d + i] = matrix[r * d + i]! + w * pca.matrix[c * d + i]!;
    }
  }
  return { inputDimension: d, outputDimension: lda.rows, mean: pca.mean, matrix };
}
