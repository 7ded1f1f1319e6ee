import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import h5wasm from 'h5wasm/node';
import { getTf } from '../../engine/tf.js';
import { buildVgg16 } from '../vgg16/index.js';
import { importKerasWeights, readKerasH5 } from './keras-h5.js';

const TINY_BLOCKS = [[2, 2], [2, 2], [2, 2, 2], [3, 3, 3], [3, 3, 3]];
const dir = mkdtempSync(join(tmpdir(), 'maskface-h5-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes an h5 file the way Keras's `save_weights` lays it out; values are index-derived so each is checkable. */
async function writeKerasFile(path: string, layers: { name: string; shapes: number[][] }[], override?: { layer: string; shape: number[] }): Promise<void> {
  await h5wasm.ready;
  const f = new h5wasm.File(path, 'w');
  f.create_attribute('layer_names', layers.map((l) => l.name));
  f.create_attribute('backend', 'tensorflow');
  for (const layer of layers) {
    const g = f.create_group(layer.name);
    const names = layer.shapes.map((_, i) => `${layer.name}/${i === 0 ? 'kernel' : 'bias'}:0`);
    g.create_attribute('weight_names', names);
    // Keras's weight names hold a slash, so the arrays sit one group deeper: /<layer>/<layer>/kernel:0.
    const inner = g.create_group(layer.name);
    layer.shapes.forEach((s, i) => {
      const shape = layer.name === override?.layer && i === 0 ? override.shape : s;
      const size = shape.reduce((a, b) => a * b, 1);
      const data = Float32Array.from({ length: size }, (_, k) => (k % 97) / 97 + i);
      inner.create_dataset({ name: i === 0 ? 'kernel:0' : 'bias:0', data, shape, dtype: '<f' });
    });
  }
  // Pooling layers are listed by Keras with no weights.
  f.create_group('block1_pool').create_attribute('weight_names', []);
  f.close();
}

test('importKerasWeights copies arrays by layer name and checks shapes', async () => {
  const tf = await getTf();
  const { stem, trunk } = buildVgg16(tf, { inputSize: 32, blocks: TINY_BLOCKS });
  const layers = [...stem.layers, ...trunk.layers].filter((l) => l.weights.length > 0);
  const spec = layers.map((l) => ({ name: l.name, shapes: l.weights.map((w) => w.shape as number[]) }));
  const good = join(dir, 'good.h5');
  await writeKerasFile(good, spec);

  const file = await readKerasH5(good);
  assert.deepEqual([...file.keys()].sort(), spec.map((s) => s.name).sort());

  const before = tf.memory().numTensors;
  const report = await importKerasWeights(tf, good, [...stem.layers, ...trunk.layers] as never);
  assert.equal(tf.memory().numTensors, before);
  assert.equal(report.loaded.length, 13);
  const kernel = stem.getLayer('block2_conv1').getWeights()[0];
  assert.ok(kernel);
  const values = kernel.dataSync();
  const EXACT = 0;
  assert.ok(Math.abs((values[5] ?? NaN) - 5 / 97) <= EXACT + 1e-7);
  const bias = trunk.getLayer('block5_conv3').getWeights()[1]?.dataSync();
  assert.ok(Math.abs((bias?.[1] ?? NaN) - (1 + 1 / 97)) <= 1e-6);

  const bad = join(dir, 'bad.h5');
  await writeKerasFile(bad, spec, { layer: 'block4_conv2', shape: [3, 3, 3, 4] });
  await assert.rejects(importKerasWeights(tf, bad, [...stem.layers, ...trunk.layers] as never), (err: Error & { code?: string }) => err.code === 'MF_SHAPE_MISMATCH' && /block4_conv2/.test(err.message));

  const partial = join(dir, 'partial.h5');
  await writeKerasFile(partial, spec.slice(0, 3));
  await assert.rejects(importKerasWeights(tf, partial, [...stem.layers, ...trunk.layers] as never), (err: Error & { code?: string }) => err.code === 'MF_BAD_WEIGHTS' && /block2_conv2/.test(err.message));

  await assert.rejects(importKerasWeights(tf, join(dir, 'none.h5'), []), (err: Error & { code?: string }) => err.code === 'MF_FILE_NOT_FOUND');
  stem.dispose();
  trunk.dispose();
});
