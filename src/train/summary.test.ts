import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getTf } from '../engine/tf.js';
import { PAPER_FROZEN_PARAMS, PAPER_TRAINABLE_PARAMS } from '../models/vgg16/index.js';
import { buildBackboneNetwork, buildVgg16Network, disposeNetwork } from '../model-folder/network.js';
import { formatSummary, summarizeNetwork } from './summary.js';

test('VGG16 keeps 1,735,488 parameters frozen and retrains 12,979,200 (paper 3.3)', async () => {
  const tf = await getTf();
  const net = buildVgg16Network(tf, { classes: 30 });
  const summary = summarizeNetwork(net);
  const [stem, trunk, head] = summary.parts;
  assert.deepEqual(stem, { part: 'vgg16_stem', trainable: 0, frozen: PAPER_FROZEN_PARAMS });
  assert.deepEqual(trunk, { part: 'vgg16_trunk', trainable: PAPER_TRAINABLE_PARAMS, frozen: 0 });
  // GAP 0; BN 2x512 trainable + 2x512 moving stats; dense 512*1024+1024; 1024*512+512; 2 x (512*512+512); 512*30+30.
  const headTrainable = 1024 + 525_312 + 524_800 + 2 * 262_656 + 15_390;
  assert.deepEqual(head, { part: 'head', trainable: headTrainable, frozen: 1024 });
  const names = summary.rows.map((r) => r.name);
  assert.deepEqual(names.slice(0, 3), ['block1_conv1', 'block1_conv2', 'block1_pool']);
  assert.equal(names[17], 'block5_pool');
  assert.match(formatSummary(summary), /vgg16_trunk: 12,979,200 trainable, 0 frozen/);
  disposeNetwork(net);
});

test('backbone mode puts the same head on a feature vector', async () => {
  const tf = await getTf();
  const net = buildBackboneNetwork(tf, { classes: 5, dimension: 128 });
  const summary = summarizeNetwork(net);
  assert.equal(summary.rows[0]?.name, 'batch_normalization');
  assert.equal(summary.trainable, 256 + (128 * 1024 + 1024) + 524_800 + 2 * 262_656 + (512 * 5 + 5));
  disposeNetwork(net);
});
