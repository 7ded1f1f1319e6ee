import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { getTf } from '../../engine/tf.js';
import { MaskfaceError } from '../../errors.js';
import { decodeImage } from '../../image/io.js';
import type { Box, RgbImage } from '../../image/types.js';
import { cropRotated, load, type Landmarks68Model } from './index.js';

/** Our reimplementation must agree with face-api's own net to a hundredth of a pixel (float32 sums in another order). */
const REFERENCE_TOLERANCE_PX = 0.05;
/** On a photo turned by 50 degrees the mean point error stays under this fraction of the face box side (measured: 0.5% with the correction, 2.5% without). */
const ROLLED_MEAN_ERROR_FRACTION = 0.012;

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

test('a head tilted by 50 degrees is turned upright first and measured as well as an upright one', async () => {
  const angle = (50 * Math.PI) / 180;
  const side = photo.width;
  const whole = { x: 0, y: 0, width: photo.width, height: photo.height };
  // The photo turned by -50 degrees about its centre: a point p of it shows the original at toPhoto(p).
  const turned = cropRotated(photo, whole, angle, side);
  const toTurned = (x: number, y: number): { x: number; y: number } => {
    const dx = x - side / 2;
    const dy = y - side / 2;
    return { x: side / 2 + dx * Math.cos(angle) + dy * Math.sin(angle), y: side / 2 - dx * Math.sin(angle) + dy * Math.cos(angle) };
  };
  const box = reference.box;
  const centre = toTurned(box.x + box.width / 2, box.y + box.height / 2);
  const turnedBox = { x: centre.x - box.width / 2, y: centre.y - box.height / 2, width: box.width, height: box.height };
  const points = await model.detect(turned.image, turnedBox);
  const errors = points.map((p, i) => {
    const [x, y] = reference.points[i] ?? [Number.NaN, Number.NaN];
    const expected = toTurned(x, y);
    return Math.hypot(p.x - expected.x, p.y - expected.y);
  });
  const meanError = errors.reduce((s, e) => s + e, 0) / errors.length;
  assert.ok(meanError < ROLLED_MEAN_ERROR_FRACTION * Math.max(box.width, box.height), `mean error ${meanError.toFixed(2)} px`);
});

test('leaves no tensors behind', async () => {
  const tf = await getTf();
  await model.detect(photo, reference.box);
  const before = tf.memory().numTensors;
  await model.detect(photo, reference.box);
  await model.detect(photo, reference.box, { roll: 0.5 });
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
