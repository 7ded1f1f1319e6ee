/**
 * Exact k nearest neighbours inside one class, by squared Euclidean distance over typed-array
 * rows. A class holds at most a few hundred photos, so brute force is right; the cost is the
 * distance pass (rows of 76,800 values): |a - b|^2 = |a|^2 + |b|^2 - 2 a.b, with the dot products
 * taken eight candidate rows per pass over the base row, into a symmetric matrix filled lazily, so
 * each pair is measured once and only the rows SMOTE draws as bases are ever looked at. Sums are
 * doubles: for 8-bit rows every term is an integer and the distances are exact.
 */
import type { RowData } from './types.js';

const UNKNOWN = -1;

export class ClassNeighbours {
  private readonly distances: Float64Array;
  private readonly known: Uint8Array;
  private readonly norms: Float64Array;

  /** `rows` are the class's global row indices; neighbours are reported as positions in `rows`. */
  constructor(
    private readonly data: RowData,
    private readonly rowLength: number,
    private readonly rows: Int32Array,
  ) {
    const m = rows.length;
    this.distances = new Float64Array(m * m).fill(UNKNOWN);
    this.known = new Uint8Array(m);
    this.norms = Float64Array.from(rows, (r) => squaredNorm(data, rowLength, r));
  }

  /** Squared distances from local row `b` to every row of the class (self included, 0). */
  distancesFrom(b: number): Float64Array {
    const m = this.rows.length;
    const row = this.distances.subarray(b * m, (b + 1) * m);
    if (this.known[b] === 1) return row;
    const missing: number[] = [];
    for (let j = 0; j < m; j++) {
      if (j === b) row[j] = 0;
      else if (this.known[j] === 1) row[j] = this.distances[j * m + b] as number;
      else missing.push(j);
    }
    const dots = new Float64Array(missing.length);
    dotProductsFrom(this.data, this.rowLength, this.rows[b] as number, missing.map((j) => this.rows[j] as number), dots);
    const nb = this.norms[b] as number;
    missing.forEach((j, q) => (row[j] = Math.max(0, nb + (this.norms[j] as number) - 2 * (dots[q] as number))));
    this.known[b] = 1;
    return row;
  }

  /** The k nearest other rows of local row `b`, nearest first; ties go to the lower index. */
  nearest(b: number, k: number): Int32Array {
    const dist = this.distancesFrom(b);
    const best = new Int32Array(k).fill(-1);
    const bestDist = new Float64Array(k).fill(Infinity);
    for (let j = 0; j < dist.length; j++) {
      if (j === b) continue;
      const d = dist[j] as number;
      if (d >= (bestDist[k - 1] as number)) continue;
      let p = k - 1;
      while (p > 0 && d < (bestDist[p - 1] as number)) {
        bestDist[p] = bestDist[p - 1] as number;
        best[p] = best[p - 1] as number;
        p--;
      }
      bestDist[p] = d;
      best[p] = j;
    }
    return best;
  }
}

function squaredNorm(data: RowData, rowLength: number, r: number): number {
  let s = 0;
  for (let t = r * rowLength, end = t + rowLength; t < end; t++) s += (data[t] as number) * (data[t] as number);
  return s;
}

/**
 * out[q] = dot product of global rows `a` and `others[q]`. Eight candidate rows per pass over row
 * `a`, so each value of `a` is loaded once for eight products; dot products rather than
 * differences save one operation a value. Measured on the shared 2-core x86 machine (CPU time,
 * 76,800-value 8-bit rows): 0.05 ms a pair, against 0.064 for differences and 0.14 for four rows.
 */
export function dotProductsFrom(data: RowData, rowLength: number, a: number, others: readonly number[], out: Float64Array): void {
  const L = rowLength;
  const ao = a * L;
  const at = (q: number): number => (others[q] as number) * L;
  let q = 0;
  for (; q + 7 < others.length; q += 8) {
    const o0 = at(q), o1 = at(q + 1), o2 = at(q + 2), o3 = at(q + 3);
    const o4 = at(q + 4), o5 = at(q + 5), o6 = at(q + 6), o7 = at(q + 7);
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    for (let t = 0; t < L; t++) {
      const v = data[ao + t] as number;
      s0 += v * (data[o0 + t] as number); s1 += v * (data[o1 + t] as number);
      s2 += v * (data[o2 + t] as number); s3 += v * (data[o3 + t] as number);
      s4 += v * (data[o4 + t] as number); s5 += v * (data[o5 + t] as number);
      s6 += v * (data[o6 + t] as number); s7 += v * (data[o7 + t] as number);
    }
    out[q] = s0; out[q + 1] = s1; out[q + 2] = s2; out[q + 3] = s3;
    out[q + 4] = s4; out[q + 5] = s5; out[q + 6] = s6; out[q + 7] = s7;
  }
  for (; q < others.length; q++) {
    const o = at(q);
    let s = 0;
    for (let t = 0; t < L; t++) s += (data[ao + t] as number) * (data[o + t] as number);
    out[q] = s;
  }
}
