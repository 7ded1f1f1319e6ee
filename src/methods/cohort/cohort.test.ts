import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCohort } from './cohort.js';
import { decodeHalfBase64, encodeHalfBase64, fromHalf, toHalf } from './float16.js';

/** Half precision keeps 11 significant bits: relative error at most 2^-11 for normal numbers. */
const HALF_RELATIVE_TOLERANCE = 2 ** -11;

test('float16: exact for representable values, within half an ulp otherwise, base64 round trip', () => {
  for (const v of [0, 1, -1, 0.5, 2, 65504, -0.25, 2 ** -14, 2 ** -24]) assert.equal(fromHalf(toHalf(v)), v);
  for (const v of [0.1, -0.3337, 0.0123, 1e-3, 0.999]) {
    assert.ok(Math.abs(fromHalf(toHalf(v)) - v) <= Math.abs(v) * HALF_RELATIVE_TOLERANCE, `${v} -> ${fromHalf(toHalf(v))}`);
  }
  assert.equal(fromHalf(toHalf(1e6)), Infinity);
  const values = Float32Array.from([0.25, -0.125, 0.0625, 1]);
  assert.deepEqual([...decodeHalfBase64(encodeHalfBase64(values))], [...values]);
});

test('a damaged cohort file is refused with the file and the fix', () => {
  assert.throws(() => parseCohort({ format: 'maskface-cohort' }, '/x/c.json'), /\/x\/c\.json: not a maskface cohort file .*make-cohort/);
  const bad = { format: 'maskface-cohort', generatedBy: 'x', encoder: 'e', dimension: 3, source: 's', photos: ['a'], vectors: encodeHalfBase64(Float32Array.from([1, 0])) };
  assert.throws(() => parseCohort(bad, '/x/c.json'), /2 numbers for 1 vectors of 3/);
});
