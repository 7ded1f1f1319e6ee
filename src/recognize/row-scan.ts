/**
 * The inner loop of exact gallery search: the dot product of one probe with every stored row, rows
 * kept in blocks of `SCAN_BLOCK_ROWS` with element i of the block's rows side by side. Every dot
 * product is summed in element order in float64, as `dot` (src/methods/similarity.ts) does, so the scores are
 * bit for bit those of the plain loop; the speed comes from summing the block's rows side by side.
 * Two kernels compute the same numbers: WebAssembly SIMD (two float64 lanes, no fused multiply-add)
 * where the runtime has it, about 3x the JavaScript loop on this machine, and the JavaScript loop.
 */

/** Rows interleaved per block: eight independent sums the CPU runs side by side. */
export const SCAN_BLOCK_ROWS = 8;

export type ScanKernel = 'simd' | 'js';

export interface RowScanner {
  readonly kernel: ScanKernel;
  /** The rows, block-interleaved: row r's element i is at `rowOffset(r, dimension) + i * SCAN_BLOCK_ROWS`. */
  readonly matrix: Float32Array;
  /** Each row's dot product with the probe of the last `scan` (padding rows past the last one included). */
  scan(probe: Float32Array): Float64Array;
}

/** Where row r starts in a block-interleaved matrix. */
export const rowOffset = (row: number, dimension: number): number =>
  (row - (row % SCAN_BLOCK_ROWS)) * dimension + (row % SCAN_BLOCK_ROWS);

function jsScanner(rows: number, dimension: number): RowScanner {
  const blocks = Math.ceil(rows / SCAN_BLOCK_ROWS);
  const matrix = new Float32Array(blocks * SCAN_BLOCK_ROWS * dimension);
  const out = new Float64Array(blocks * SCAN_BLOCK_ROWS);
  return {
    kernel: 'js',
    matrix,
    scan(q) {
      const m = matrix, d = dimension;
      let j = 0;
      for (let r = 0; r < out.length; r += SCAN_BLOCK_ROWS) {
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        for (let i = 0; i < d; i++, j += SCAN_BLOCK_ROWS) {
          const x = q[i]!;
          s0 += x * m[j]!;
          s1 += x * m[j + 1]!;
          s2 += x * m[j + 2]!;
          s3 += x * m[j + 3]!;
          s4 += x * m[j + 4]!;
          s5 += x * m[j + 5]!;
          s6 += x * m[j + 6]!;
          s7 += x * m[j + 7]!;
        }
        out[r] = s0; out[r + 1] = s1; out[r + 2] = s2; out[r + 3] = s3;
        out[r + 4] = s4; out[r + 5] = s5; out[r + 6] = s6; out[r + 7] = s7;
      }
      return out;
    },
  };
}

// --- The WebAssembly kernel, assembled here from its instructions (no build step, no binary file).
const unsigned = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
const signed = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
};
const vector = (items: number[][]): number[] => [...unsigned(items.length), ...items.flat()];
const name = (text: string): number[] => vector([...text].map((c) => [c.charCodeAt(0)]));
const section = (id: number, bytes: number[]): number[] => [id, ...unsigned(bytes.length), ...bytes];
const I32 = 0x7f, V128 = 0x7b;
const simd = (op: number): number[] => [0xfd, ...unsigned(op)];
const get = (i: number) => [0x20, i], set = (i: number) => [0x21, i], tee = (i: number) => [0x22, i];
const i32 = (n: number) => [0x41, ...signed(n)];
const I32_ADD = 0x6a, I32_SUB = 0x6b, I32_EQZ = 0x45, BLOCK = 0x02, LOOP = 0x03, BR_IF = 0x0d, END = 0x0b, VOID = 0x40;
const V128_LOAD = (offset: number) => [...simd(0x00), 4, ...unsigned(offset)];
const V128_STORE = (offset: number) => [...simd(0x0b), 4, ...unsigned(offset)];
const V128_ZERO = [...simd(0x0c), ...new Array<number>(16).fill(0)];
const LOAD64_SPLAT = [...simd(0x0a), 3, 0];
const HIGH_TO_LOW = [...simd(0x0d), 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
const F64X2_PROMOTE_LOW_F32X4 = simd(0x5f), F64X2_MUL = simd(0xf2), F64X2_ADD = simd(0xf0);

/**
 * scan(q, m, blocks, d, out): q holds the probe as d float64s, m the block-interleaved float32 rows,
 * out receives 8 float64 sums per block. Locals: 5 element countdown, 6 probe pointer, 7-10 the
 * four float64x2 sums (rows 0-1, 2-3, 4-5, 6-7 of the block), 11 the probe element in both lanes,
 * 12 four float32 rows.
 */
function kernelBytes(): Uint8Array<ArrayBuffer> {
  const [Q, M, BLOCKS, D, OUT, I, QP, X, V] = [0, 1, 2, 3, 4, 5, 6, 11, 12];
  const SUMS = [7, 8, 9, 10];
  // sum += probe element * row element, both promoted to float64: the JavaScript `s += x * m[j]`.
  const accumulate = (sum: number, high: boolean) => [
    ...get(sum), ...get(X), ...get(V), ...(high ? [...get(V), ...HIGH_TO_LOW] : []), ...F64X2_PROMOTE_LOW_F32X4, ...F64X2_MUL, ...F64X2_ADD, ...set(sum),
  ];
  const body = [
    BLOCK, VOID, ...get(BLOCKS), I32_EQZ, BR_IF, 0, ...get(D), I32_EQZ, BR_IF, 0,
    LOOP, VOID,
    ...SUMS.flatMap((s) => [...V128_ZERO, ...set(s)]),
    ...get(Q), ...set(QP), ...get(D), ...set(I),
    LOOP, VOID,
    ...get(QP), ...LOAD64_SPLAT, ...set(X),
    ...get(M), ...V128_LOAD(0), ...set(V), ...accumulate(SUMS[0]!, false), ...accumulate(SUMS[1]!, true),
    ...get(M), ...V128_LOAD(16), ...set(V), ...accumulate(SUMS[2]!, false), ...accumulate(SUMS[3]!, true),
    ...get(M), ...i32(32), I32_ADD, ...set(M),
    ...get(QP), ...i32(8), I32_ADD, ...set(QP),
    ...get(I), ...i32(1), I32_SUB, ...tee(I), BR_IF, 0,
    END,
    ...SUMS.flatMap((s, k) => [...get(OUT), ...get(s), ...V128_STORE(16 * k)]),
    ...get(OUT), ...i32(64), I32_ADD, ...set(OUT),
    ...get(BLOCKS), ...i32(1), I32_SUB, ...tee(BLOCKS), BR_IF, 0,
    END,
    END,
    END,
  ];
  const code = [...vector([[2, I32], [6, V128]]), ...body];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vector([[0x60, ...vector([[I32], [I32], [I32], [I32], [I32]]), 0]])),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 1]])),
    ...section(3, vector([[0]])),
    ...section(7, vector([[...name('scan'), 0x00, 0]])),
    ...section(10, vector([[...unsigned(code.length), ...code]])),
  ]);
}

const WASM_PAGE = 65_536;
/** wasm32 addresses 4 GiB; beyond that the JavaScript kernel scans. */
const WASM_MAX_PAGES = 65_536;

/** The kernel, compiled once (about 300 bytes); null where the runtime lacks WebAssembly SIMD. */
const SIMD_MODULE: WebAssembly.Module | null = (() => {
  const bytes = kernelBytes();
  return typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
})();

function simdScanner(rows: number, dimension: number): RowScanner | undefined {
  const module = SIMD_MODULE;
  if (module === null) return undefined;
  const blocks = Math.ceil(rows / SCAN_BLOCK_ROWS);
  const matrixAt = Math.ceil((dimension * 8) / 16) * 16;
  const outAt = matrixAt + blocks * SCAN_BLOCK_ROWS * dimension * 4;
  const pages = Math.max(1, Math.ceil((outAt + blocks * SCAN_BLOCK_ROWS * 8) / WASM_PAGE));
  if (pages > WASM_MAX_PAGES) return undefined;
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages });
  } catch {
    return undefined; // the runtime would not reserve that much: the JavaScript kernel needs no reservation
  }
  const { scan } = new WebAssembly.Instance(module, { env: { memory } }).exports as { scan: (q: number, m: number, blocks: number, d: number, out: number) => void };
  const probe = new Float64Array(memory.buffer, 0, dimension);
  const out = new Float64Array(memory.buffer, outAt, blocks * SCAN_BLOCK_ROWS);
  return {
    kernel: 'simd',
    matrix: new Float32Array(memory.buffer, matrixAt, blocks * SCAN_BLOCK_ROWS * dimension),
    scan(q) {
      probe.set(q);
      scan(0, matrixAt, blocks, dimension, outAt);
      return out;
    },
  };
}

/**
 * Below this many stored floats the JavaScript loop scans in well under a millisecond (~0.1 ms for
 * 65,536), less than a WebAssembly memory and instance cost to set up for a short-lived index.
 */
export const SIMD_MIN_ELEMENTS = 65_536;

/**
 * A scanner for `rows` rows of `dimension` floats: the SIMD kernel when the runtime has it (and,
 * unless asked for, the matrix is large enough to gain from it), else JavaScript.
 */
export function createRowScanner(rows: number, dimension: number, kernel?: ScanKernel): RowScanner {
  if (kernel === 'simd' || (kernel === undefined && rows * dimension >= SIMD_MIN_ELEMENTS)) {
    const fast = simdScanner(rows, dimension);
    if (fast !== undefined) return fast;
  }
  return jsScanner(rows, dimension);
}
