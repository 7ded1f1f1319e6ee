import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { getTf } from '../../engine/tf.js';
import { MaskfaceError } from '../../errors.js';
import { decodeImage } from '../../image/io.js';
import type { Box, RgbImage } from '../../image/types.js';
import { load, type Landmarks68Model } from './index.js';

/** Our reimplementation must agree with face-api's own net to a hundredth of a pixel (float32 sums in another order). */
const REFERENCE_TOLERANCE_PX = 0.05;

interface Reference {
  readonly photo: string;
  readonly box: Box;
  readonly points: readonly [number, number][];
}

const reference = JSON.parse(await readFile(resolve('test/fixtures/landmarks68-reference.json'), 'utf8')) as Reference;
let model: Landmarks68Model;
let photo: RgbImage;

before(async () => {
  model = await load();
  photo = await decodeImage(resolve('../shared/datasets', reference.photo));
});
after(() => model.dispose());

test('matches face-api.js FaceLandmark68Net on a real LFW photo', async () => {
  const points = await model.detect(photo, reference.box);
  assert.equal(points.length, 68);
  points.forEach((p, i) => {
    const [x, y] = reference.points[i] ?? [Number.NaN, Number.NaN];
    assert.ok(Math.hypot(p.x - x, p.y - y) <= REFERENCE_TOLERANCE_PX, `point ${i}: (${p.x}, ${p.y}) vs (${x}, ${y})`);
  });
});

test('leaves no tensors behind', async () => {
  const tf = await getTf();
  await model.detect(photo, reference.box);
  const before = tf.memory().numTensors;
  await model.detect(photo, reference.box);
  assert.equal(tf.memory().numTensors, before);
});

test('a box reaching past the photo edge is clipped, and points stay in photo pixels', async () => {
  const points = await model.detect(photo, { x: -20, y: 40, width: 200, height: 200 });
  for (const p of points) assert.ok(Number.isFinite(p.x) && Number.isFinite(p.y));
});

test('a box outside the photo is refused with MF_INVALID_ARGUMENT', async () => {
  await assert.rejects(model.detect(photo, { x: 300, y: 300, width: 20, height: 20 }), (err: unknown) => err instanceof MaskfaceError && err.code === 'MF_INVALID_ARGUMENT');
});

test('a disposed model throws MF_MODEL_NOT_LOADED', async () => {
  const other = await load();
  other.dispose();
  await assert.rejects(other.detect(photo, reference.box), (err: unknown) => err instanceof MaskfaceError && err.code === 'MF_MODEL_NOT_LOADED');
});
