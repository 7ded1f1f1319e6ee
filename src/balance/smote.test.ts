import assert from 'node:assert/strict';
import { test } from 'node:test';
import { balance } from './balance.js';
import { createRng } from './random.js';
import { smote } from './smote.js';
import type { RowData, Samples } from './types.js';

/** 8-bit rows are rounded to the nearest integer: each value may sit half a level off the segment. */
const SEGMENT_TOLERANCE_U8_LEVELS = 0.5;
/** Float32 rows: rounding of a + gap * (b - a) in single precision, values up to 255. */
const SEGMENT_TOLERANCE_F32 = 1e-4;

function randomSamples<T extends RowData>(make: (n: number) => T, classSizes: number[], rowLength: number, seed: number): Samples<T> {
  const rng = createRng(seed);
  const labels = classSizes.flatMap((size, label) => Array<number>(size).fill(label));
  const data = make(labels.length * rowLength);
  for (let i = 0; i < data.length; i++) data[i] = rng.int(256);
  return { data, rowLength, labels };
}

const row = (s: Samples, r: number): RowData => s.data.subarray(r * s.rowLength, (r + 1) * s.rowLength);
const dist2 = (a: RowData, b: RowData): number => {
  let sum = 0;
  for (let t = 0; t < a.length; t++) sum += ((a[t] as number) - (b[t] as number)) ** 2;
  return sum;
};

/** Checks every new row: same class as both parents, b among a's k nearest, on the segment a-b. */
function assertOnSegments(s: Samples, result: ReturnType<typeof smote>, k: number, tolerance: number): void {
  const syn = result.synthetic;
  for (let j = 0; j < syn.count; j++) {
    const [a, b] = [syn.parents[2 * j] as number, syn.parents[2 * j + 1] as number];
    assert.equal(s.labels[a], syn.labels[j]);
    assert.equal(s.labels[b], syn.labels[j]);
    assert.notEqual(a, b, 'a neighbour is another row');
    const classmates = Array.from({ length: s.labels.length }, (_, r) => r).filter((r) => r !== a && s.labels[r] === s.labels[a]);
    const sorted = classmates.map((r) => dist2(row(s, a), row(s, r))).sort((x, y) => x - y);
    assert.ok(dist2(row(s, a), row(s, b)) <= (sorted[k - 1] as number), `row ${b} is among the ${k} nearest of row ${a}`);

    // On the segment within tolerance: some position p in [0, 1] puts every value of the new row
    // within `tolerance` of a + p (b - a). Each value allows an interval of p; they must overlap.
    const x = syn.data.subarray(j * s.rowLength, (j + 1) * s.rowLength);
    const [ra, rb] = [row(s, a), row(s, b)];
    let [low, high] = [0, 1];
    for (let t = 0; t < s.rowLength; t++) {
      const offset = (x[t] as number) - (ra[t] as number);
      const span = (rb[t] as number) - (ra[t] as number);
      if (span === 0) {
        assert.ok(Math.abs(offset) <= tolerance, `value ${t} of new row ${j} equals both parents`);
        continue;
      }
      const [p1, p2] = [(offset - tolerance) / span, (offset + tolerance) / span];
      low = Math.max(low, Math.min(p1, p2));
      high = Math.min(high, Math.max(p1, p2));
    }
    assert.ok(low <= high + 1e-9, `new row ${j} lies on the segment between rows ${a} and ${b}`);
    const gap = syn.gaps[j] as number;
    assert.ok(gap >= low - 1e-6 && gap <= high + 1e-6, `recorded gap ${gap} is a position that fits`);
  }
}

test('every SMOTE row lies on a segment to one of its k nearest same-class neighbours (8-bit)', () => {
  const s = randomSamples((n) => new Uint8Array(n), [14, 6, 20], 48, 1);
  const result = smote(s, { k: 5, seed: 3 });
  assert.equal(result.synthetic.count, 20 - 14 + 20 - 6);
  assertOnSegments(s, result, 5, SEGMENT_TOLERANCE_U8_LEVELS);
});

test('every SMOTE row lies on a segment to one of its k nearest same-class neighbours (float)', () => {
  const s = randomSamples((n) => new Float32Array(n), [9, 4, 12], 33, 2);
  const result = smote(s, { k: 3, seed: 5 });
  assertOnSegments(s, result, 3, SEGMENT_TOLERANCE_F32);
  for (let j = 0; j < result.synthetic.count; j++) {
    const [a, b, g] = [result.synthetic.parents[2 * j] as number, result.synthetic.parents[2 * j + 1] as number, result.synthetic.gaps[j] as number];
    const expected = (row(s, a)[0] as number) + g * ((row(s, b)[0] as number) - (row(s, a)[0] as number));
    assert.ok(Math.abs((result.synthetic.data[j * s.rowLength] as number) - expected) <= SEGMENT_TOLERANCE_F32, 'recorded gap reproduces the row');
  }
});

test("small classes: 'shrink' uses rows - 1 neighbours and copies a lone row", () => {
  const s = randomSamples((n) => new Uint8Array(n), [6, 3, 1], 10, 4);
  const result = smote(s, { k: 5, smallClass: 'shrink' });
  assertOnSegments({ ...s, labels: s.labels }, { ...result, synthetic: pick(result, (label) => label === 1) }, 2, SEGMENT_TOLERANCE_U8_LEVELS);
  for (let j = 0; j < result.synthetic.count; j++) {
    if (result.synthetic.labels[j] !== 2) continue;
    assert.deepEqual(result.synthetic.data.subarray(j * 10, j * 10 + 10), row(s, 6 + 3), 'the lone row of class 2 (row 9) is copied');
  }
});

test('per-group SMOTE never mixes groups and balances each group to its own majority', () => {
  // Person 0..2 unmasked (group 1): 5 each; masked (group 0): 7, 3, 2 photos.
  const sizes = [5, 5, 5, 7, 3, 2];
  const s = randomSamples((n) => new Uint8Array(n), sizes, 12, 6);
  const labels = sizes.flatMap((size, c) => Array<number>(size).fill(c % 3));
  const groups = sizes.flatMap((size, c) => Array<number>(size).fill(c < 3 ? 1 : 0));
  const samples = { ...s, labels };
  const result = balance(samples, { method: 'smote', groups, k: 1 });
  for (let j = 0; j < result.synthetic.count; j++) {
    assert.equal(groups[result.synthetic.parents[2 * j] as number], groups[result.synthetic.parents[2 * j + 1] as number], 'both parents in one group');
  }
  const maskedNew = Array.from(result.synthetic.parents.filter((_, i) => i % 2 === 0)).filter((p) => groups[p] === 0).length;
  assert.equal(maskedNew, 7 - 3 + 7 - 2, 'masked persons raised to 7; unmasked already equal');
  assert.equal(result.synthetic.count, maskedNew);
});

function pick(result: ReturnType<typeof smote>, keep: (label: number) => boolean): ReturnType<typeof smote>['synthetic'] {
  const s = result.synthetic;
  const idx = Array.from({ length: s.count }, (_, j) => j).filter((j) => keep(s.labels[j] as number));
  const data = new Uint8Array(idx.length * s.rowLength);
  idx.forEach((j, i) => data.set(s.data.subarray(j * s.rowLength, (j + 1) * s.rowLength), i * s.rowLength));
  return {
    count: idx.length,
    rowLength: s.rowLength,
    data,
    labels: Int32Array.from(idx.map((j) => s.labels[j] as number)),
    parents: Int32Array.from(idx.flatMap((j) => [s.parents[2 * j] as number, s.parents[2 * j + 1] as number])),
    gaps: Float32Array.from(idx.map((j) => s.gaps[j] as number)),
  };
}
