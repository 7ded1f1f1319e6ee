import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { embedderContractTests } from '../testing/embedder-contract.js';
import { MOBILEFACE_DIMENSION, load } from './index.js';

/** Float32 rounding of a 256-D sum of squares. */
const UNIT_LENGTH_TOLERANCE = 1e-5;

embedderContractTests('mobileface', MOBILEFACE_DIMENSION, () => load());

test('mobileface returns unit-length vectors for any crop size', async () => {
  const embedder = await load();
  try {
    const side = 150;
    const data = new Uint8Array(side * side * 3).map((_, i) => (i * 37) % 256);
    const vector = await embedder.embed({ width: side, height: side, data });
    const length = Math.hypot(...vector);
    assert.ok(Math.abs(length - 1) <= UNIT_LENGTH_TOLERANCE, `length ${length}`);
  } finally {
    embedder.dispose();
  }
});

test('the vendored mobileface files match the SHA-256 of scripts/vendor-weights.mjs', () => {
  const result = spawnSync(process.execPath, ['scripts/vendor-weights.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
});
