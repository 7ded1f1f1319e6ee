import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MOBILEFACE_DIMENSION, MOBILEFACE_TRUNK_DIMENSION, load, loadMobilefaceTrunk } from './index.js';

/** Float32 rounding of a 2048-term dot product on unit-scale values, then normalisation. */
const DESCRIPTOR_TOLERANCE = 1e-5;

test('trunk features through the dense layer and folded batch norm give the mobileface descriptor', async () => {
  const trunk = await loadMobilefaceTrunk();
  const net = await load();
  try {
    const side = 112;
    const face = { width: side, height: side, data: new Uint8Array(side * side * 3).map((_, i) => (i * 53 + (i >> 7)) % 256) };
    const features = await trunk.features(face);
    assert.equal(features.length, MOBILEFACE_TRUNK_DIMENSION);
    const { kernel, scale, shift } = trunk.dense();
    const out = new Float64Array(MOBILEFACE_DIMENSION);
    for (let i = 0; i < MOBILEFACE_TRUNK_DIMENSION; i++) for (let j = 0; j < MOBILEFACE_DIMENSION; j++) out[j] = out[j]! + features[i]! * kernel[i * MOBILEFACE_DIMENSION + j]!;
    for (let j = 0; j < MOBILEFACE_DIMENSION; j++) out[j] = out[j]! * scale[j]! + shift[j]!;
    const norm = Math.hypot(...out);
    const reference = await net.embed(face);
    for (let j = 0; j < MOBILEFACE_DIMENSION; j++) assert.ok(Math.abs(out[j]! / norm - reference[j]!) <= DESCRIPTOR_TOLERANCE, `component ${j}: ${out[j]! / norm} vs ${reference[j]}`);
  } finally {
    trunk.dispose();
    net.dispose();
  }
});

test('the descriptor layer holds 524,800 of MobileFace\'s 545,666 weights (the figures docs/models.md states)', async () => {
  const { readFile } = await import('node:fs/promises');
  const { defaultMobilefaceModelPath } = await import('./index.js');
  const manifest = JSON.parse(await readFile(defaultMobilefaceModelPath(), 'utf8')) as { weightsManifest: Array<{ weights: Array<{ name: string; shape: number[]; dtype: string }> }> };
  // Weights: float32 tensors other than the graph's constants (pad sizes, reshape targets, PReLU's 0 bounds `.../x`).
  const weights = manifest.weightsManifest.flatMap((group) => group.weights).filter((w) => w.dtype === 'float32' && !/paddings|Const|\/x$/.test(w.name));
  const count = (list: typeof weights): number => list.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
  assert.equal(count(weights), 545_666);
  assert.equal(count(weights.filter((w) => w.name.startsWith('dense/') || w.name.startsWith('batchnorm0/'))), 524_800);
});
