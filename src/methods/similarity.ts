/** Vector helpers for comparing embeddings: unit-length vectors compared by cosine similarity. */
import { invalidArgument } from '../errors.js';

export function l2Normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const v of vector) sum += v * v;
  const norm = Math.sqrt(sum);
  if (!(norm > 0) || !Number.isFinite(norm)) throw invalidArgument('embedding', 'a finite non-zero vector', `norm ${norm}`);
  const out = new Float32Array(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = vector[i]! / norm;
  return out;
}

/** Dot product of two unit vectors, i.e. their cosine similarity in [-1, 1]. */
export function dot(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw invalidArgument('embedding length', `${a.length}`, b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
