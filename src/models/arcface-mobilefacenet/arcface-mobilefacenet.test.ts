import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { alignFace } from '../../face/align.js';
import type { Point } from '../../face/types.js';
import { decodeImage } from '../../image/io.js';
import { embedderContractTests } from '../testing/embedder-contract.js';
import { ARCFACE_MOBILEFACENET_DIMENSION, ARCFACE_MOBILEFACENET_NAME, load } from './index.js';

/**
 * The reference (InsightFace's norm_crop, OpenCV's pixel convention) and maskface's `alignFace`
 * (pixel centres) place the chip a fraction of a pixel apart and round differently: cosine 0.995
 * (`scripts/make-arcface-reference.ts` prints it).
 */
const REFERENCE_MIN_COSINE = 0.99;

embedderContractTests(ARCFACE_MOBILEFACENET_NAME, ARCFACE_MOBILEFACENET_DIMENSION, () => load());

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i]! * b[i]!; na += a[i]! ** 2; nb += b[i]! ** 2; }
  return dot / Math.sqrt(na * nb);
};

test("arcface-mobilefacenet on maskface's five-point chip gives the reference vector (InsightFace's alignment, the package's scaling; scripts/make-arcface-reference.ts)", async () => {
  const reference = JSON.parse(readFileSync('test/fixtures/arcface-mobilefacenet-reference.json', 'utf8')) as { photo: string; landmarks5: Point[]; vector: number[] };
  const image = await decodeImage(join(resolve('../shared/datasets'), reference.photo));
  const embedder = await load();
  try {
    const vector = await embedder.embed(alignFace(image, reference.landmarks5, 112));
    const c = cosine(vector, reference.vector);
    assert.ok(c >= REFERENCE_MIN_COSINE, `cosine to the reference ${c}`);
  } finally {
    embedder.dispose();
  }
});
