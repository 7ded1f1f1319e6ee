import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildVgg16 } from '../../models/vgg16/index.js';
import { getTf } from '../tf.js';
import type { TrunkLayer } from './trunk-graphs.js';
import { createTrunkTrainer } from './trunk-trainer.js';
import { winogradFits } from './winograd-graphs.js';

/** |onnxruntime - tfjs autodiff| relative to the largest gradient value: float32 sums in other orders. */
const RELATIVE_TOLERANCE = 1e-4;

/** Input side 32: blocks 4-5 at sides 4 and 2 (Winograd graphs); 48: sides 6 and 3 (direct graphs). */
for (const [inputSize, graphs] of [[32, 'Winograd'], [48, 'direct']] as const) test(`the generated ${graphs} forward and backward graphs give tfjs autodiff's output and gradients of VGG16 blocks 4-5`, async () => {
  const tf = await getTf();
  const { stem, trunk } = buildVgg16(tf, { inputSize, blocks: [[2, 2], [2, 2], [3, 3, 3], [5, 5, 5], [4, 4, 4]] });
  const side = inputSize / 8;
  const layers: TrunkLayer[] = trunk.layers.map((l) => {
    const k = l.getWeights()[0];
    return k === undefined ? { kind: 'pool' } : { kind: 'conv', cin: k.shape[2] as number, cout: k.shape[3] as number };
  });
  assert.equal(winogradFits(layers, side), graphs === 'Winograd');
  // Non-zero biases so ReLU masks differ from the kernels' alone.
  for (const l of trunk.layers) {
    const [k, b] = l.getWeights();
    if (k !== undefined && b !== undefined) l.setWeights([k, tf.randomUniform(b.shape, -0.1, 0.1)]);
  }
  const x = tf.randomUniform([3, side, side, 3], 0, 1);
  const r = tf.randomNormal([3, 1, 1, 4]);
  const variables = trunk.trainableWeights.map((w) => (w as unknown as { read(): ReturnType<typeof tf.variable> }).read());
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(trunk.apply(x) as ReturnType<typeof tf.tensor>, r)) as ReturnType<typeof tf.scalar>, variables);

  const trainer = await createTrunkTrainer(layers, side, 3, 1);
  const weights = trainer.feeds({ arrays: variables.map((v) => v.dataSync() as Float32Array) });
  const forward = await trainer.forward(x.dataSync() as Float32Array, [3, side, side, 3], weights);
  const expectedY = (trunk.apply(x) as ReturnType<typeof tf.tensor>);
  const close = (want: ArrayLike<number>, got: ArrayLike<number>, what: string): void => {
    assert.equal(got.length, want.length, what);
    const scale = Math.max(1e-3, ...Array.from(want, Math.abs));
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs((want[i] ?? 0) - (got[i] ?? NaN)));
    assert.ok(worst / scale <= RELATIVE_TOLERANCE, `${what}: max error ${worst} against ${scale}`);
  };
  close(expectedY.dataSync(), forward.y, 'output');
  const got = await trainer.backward(r.dataSync() as Float32Array, forward, weights);
  variables.forEach((v, i) => close(grads[v.name]?.dataSync() ?? [], got[i] ?? [], `gradient of ${v.name}`));
  await trainer.release();
  for (const t of [x, r, value, expectedY, ...Object.values(grads)]) t.dispose();
  stem.dispose();
  trunk.dispose();
});
