import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildVgg16 } from '../../models/vgg16/index.js';
import { getTf } from '../tf.js';
import { createConvStack, type StackLayer } from './conv-stack.js';

/** |onnxruntime - tfjs| relative to the largest output: float32 sums in different orders. */
const RELATIVE_TOLERANCE = 1e-4;

test('the generated ONNX conv stack gives tfjs\'s VGG16 stem output', async () => {
  const tf = await getTf();
  const { stem, trunk } = buildVgg16(tf, { inputSize: 24, blocks: [[4, 4], [6, 6], [8, 8, 8], [2, 2, 2], [2, 2, 2]] });
  const layers: StackLayer[] = stem.layers.map((layer) => {
    const [kernel, bias] = layer.getWeights();
    if (kernel === undefined || bias === undefined) return { kind: 'pool' };
    return { kind: 'conv', kernel: kernel.dataSync() as Float32Array, kernelShape: kernel.shape as [number, number, number, number], bias: bias.dataSync() as Float32Array };
  });
  const x = tf.randomUniform([2, 24, 24, 3], -100, 100);
  const expected = tf.tidy(() => stem.predict(x) as ReturnType<typeof tf.tensor>);
  const onnx = await createConvStack(layers, 1);
  const got = await onnx.run(x.dataSync() as Float32Array, [2, 24, 24, 3]);
  await onnx.release();
  assert.deepEqual(got.shape, expected.shape);
  const want = expected.dataSync();
  const scale = Math.max(1, ...Array.from(want, Math.abs));
  let worst = 0;
  want.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - (got.data[i] ?? NaN))); });
  assert.ok(worst / scale <= RELATIVE_TOLERANCE, `max error ${worst} against ${scale}`);
  for (const t of [x, expected]) t.dispose();
  stem.dispose();
  trunk.dispose();
});
