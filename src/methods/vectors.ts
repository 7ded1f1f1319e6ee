/** Float32 vector helpers shared by the recognition methods (all embeddings are Float32Array). */
import { invalidArgument } from '../errors.js';

export function norm(v: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  return Math.sqrt(sum);
}

/** Copy scaled to unit length; a zero vector stays zero (it then matches nothing). */
export function unit(v: Float32Array): Float32Array {
  const n = norm(v);
  const out = new Float32Array(v.length);
  if (n > 0) for (let i = 0; i < v.length; i++) out[i] = v[i]! / n;
  return out;
}

export { dot } from './similarity.js';

export function mean(vectors: readonly Float32Array[]): Float32Array {
  const first = vectors[0];
  if (first === undefined) throw invalidArgument('vectors', 'at least one vector', 0);
  const out = new Float32Array(first.length);
  for (const v of vectors) for (let i = 0; i < out.length; i++) out[i] = out[i]! + v[i]!;
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / vectors.length;
  return out;
}

/** Unit-length parts, each scaled by its weight, concatenated (weights default to 1). */
export function fuse(parts: readonly Float32Array[], weights?: readonly number[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  parts.forEach((part, k) => {
    const u = unit(part);
    const w = weights?.[k] ?? 1;
    for (let i = 0; i < u.length; i++) out[offset + i] = u[i]! * w;
    offset += u.length;
  });
  return out;
}
