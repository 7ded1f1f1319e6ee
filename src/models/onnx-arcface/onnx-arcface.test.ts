import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { encodeModel } from '../../engine/onnx/protobuf.js';
import { isMaskfaceError } from '../../errors.js';
import { defaultArcfaceMobilefacenetPath, load as loadNamed } from '../arcface-mobilefacenet/index.js';
import { firstOpTypes } from '../../engine/onnx/read-model.js';
import { INSIGHTFACE_MEAN, INSIGHTFACE_STD, load, normalizationFromGraph } from './onnx-arcface.js';

/** Two runs of one graph on one input are the same floats. */
const SAME_FLOATS = 0;

/** A tiny graph: input [1, 3, h, w] -> global average pool -> [1, 3], optionally scaled by Sub and Mul first. */
function tinyGraph(dims: readonly (number | string)[], normalise = false): Uint8Array {
  const scaled = normalise
    ? [
        { op: 'Sub', inputs: ['x', 'mean'], outputs: ['centred'] },
        { op: 'Mul', inputs: ['centred', 'scale'], outputs: ['scaled'] },
      ]
    : [];
  return encodeModel({
    name: 'tiny',
    nodes: [...scaled, { op: 'GlobalAveragePool', inputs: [normalise ? 'scaled' : 'x'], outputs: ['pooled'] }, { op: 'Flatten', inputs: ['pooled'], outputs: ['y'] }],
    initializers: normalise ? [{ name: 'mean', dims: [], data: Float32Array.of(127.5) }, { name: 'scale', dims: [], data: Float32Array.of(1 / 128) }] : [],
    inputs: [{ name: 'x', dims }],
    outputs: [{ name: 'y', dims: [1, 3] }],
  });
}

function tempFile(name: string, bytes: Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'onnx-arcface-')), name);
  writeFileSync(path, bytes);
  return path;
}

test('firstOpTypes reads the operators of the vendored graph and of a generated one', async () => {
  const { readFileSync } = await import('node:fs');
  assert.deepEqual(firstOpTypes(readFileSync(defaultArcfaceMobilefacenetPath()), 4), ['Conv', 'PRelu', 'Conv', 'PRelu']);
  assert.deepEqual(firstOpTypes(tinyGraph([1, 3, 8, 8], true), 8), ['Sub', 'Mul', 'GlobalAveragePool', 'Flatten']);
});

test('normalisation follows InsightFace\'s rule: none for a graph that subtracts and multiplies first, else (x - 127.5) / 127.5', () => {
  assert.deepEqual(normalizationFromGraph(tinyGraph([1, 3, 8, 8], true)), { mean: 0, std: 1 });
  assert.deepEqual(normalizationFromGraph(tinyGraph([1, 3, 8, 8])), { mean: INSIGHTFACE_MEAN, std: INSIGHTFACE_STD });
});

test('a graph with the wrong input shape is refused with the shape it has and the shape expected', async () => {
  const path = tempFile('wide.onnx', tinyGraph([1, 3, 112, 96]));
  await assert.rejects(load({ modelPath: path }), (err: unknown) => {
    assert.ok(isMaskfaceError(err));
    assert.equal(err.code, 'MF_BAD_WEIGHTS');
    assert.match(err.message, /wide\.onnx: its input is float32 \[1, 3, 112, 96\], expected float32 \[1, 3, S, S\]/);
    return true;
  });
});

test('a file that is not ONNX, and a missing file, are refused by name', async () => {
  const junk = tempFile('junk.onnx', new TextEncoder().encode('not a model at all'));
  await assert.rejects(load({ modelPath: junk }), (err: unknown) => isMaskfaceError(err) && err.code === 'MF_BAD_WEIGHTS' && err.message.includes('junk.onnx'));
  await assert.rejects(load({ modelPath: '/nonexistent/w600k_r50.onnx' }), (err: unknown) => isMaskfaceError(err) && err.code === 'MF_FILE_NOT_FOUND');
});

test('a square graph with a symbolic batch loads; the input size, name and SHA-256 variant come from the file', async () => {
  const path = tempFile('tiny.onnx', tinyGraph(['n', 3, 16, 16]));
  const embedder = await load({ modelPath: path });
  try {
    assert.equal(embedder.inputSize, 16);
    assert.equal(embedder.dimension, 3);
    assert.equal(embedder.name, 'onnx:tiny.onnx');
    assert.match(embedder.variant, /^sha256-[0-9a-f]{16}$/);
    // A mid-grey photo of any size averages to (128 - 127.5) / 127.5 per channel.
    const vector = await embedder.embed({ width: 40, height: 30, data: new Uint8Array(40 * 30 * 3).fill(128) });
    for (const v of vector) assert.ok(Math.abs(v - 0.5 / 127.5) < 1e-6);
  } finally {
    embedder.dispose();
  }
});

test('the vendored file through the generic loader, with the package\'s scaling, gives the named embedder\'s vectors', async () => {
  const named = await loadNamed();
  const generic = await load({ modelPath: defaultArcfaceMobilefacenetPath(), mean: 127, std: 128 });
  try {
    const face = { width: 112, height: 112, data: new Uint8Array(112 * 112 * 3).map((_, i) => (i * 31) % 256) };
    const a = await named.embed(face);
    const b = await generic.embed(face);
    assert.equal(named.variant, generic.variant);
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) <= SAME_FLOATS);
  } finally {
    named.dispose();
    generic.dispose();
  }
});
