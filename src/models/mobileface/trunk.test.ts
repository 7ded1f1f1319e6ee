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
