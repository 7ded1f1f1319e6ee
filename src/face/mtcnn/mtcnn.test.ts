import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { getTf } from '../../engine/tf.js';
import { decodeImage } from '../../image/io.js';
import type { Box } from '../../image/types.js';
import { DATASETS, detectorContractTests } from '../testing/detector-contract.js';
import { load, pyramidScales, type MtcnnDetector } from './index.js';

/** Real faces in these photos score >= 0.99; the O-net's default 0.7 also passes a watch and a magazine cover. */
const GOLDEN_MIN_SCORE = 0.95;
/** The smallest counted face is 44 px wide (bbt3.jpg); searching from 36 px keeps the test fast. */
const GOLDEN_MIN_FACE_PX = 36;

/** Faces a person counts in each photo (looked at by eye, every face with both eyes visible). */
const GOLDEN_COUNTS: Record<string, number> = {
  'tv/bbt1.jpg': 4, // four men on a sofa
  'tv/bbt2.jpg': 3, // two at the table, one at the left edge behind them (backs of heads not counted)
  'tv/bbt3.jpg': 5,
  'tv/bbt4.jpg': 6,
  'tv/bbt5.jpg': 5,
  'press/biden.jpg': 1,
  'press/kit_with_rose.jpg': 2,
  'press/obama.jpg': 1,
  'press/obama-1080p.jpg': 1,
  'press/obama2.jpg': 1,
  'press/32bit.png': 1, // obama2 with an alpha channel
  'press/obama_and_biden.jpg': 3, // the two men and a girl at the lower right
  'press/two_people.jpg': 2,
  'press/alex-lacamoire.png': 1,
  'press/lin-manuel-miranda.png': 1,
};

/** bbt4.jpg: the six faces, boxes checked by eye on the drawn photo ([x, y, width, height] in pixels). */
const BBT4_BOXES: readonly Box[] = [
  { x: 83, y: 18, width: 80, height: 114 },
  { x: 232, y: 36, width: 87, height: 123 },
  { x: 579, y: 64, width: 77, height: 108 },
  { x: 468, y: 173, width: 91, height: 127 },
  { x: 261, y: 228, width: 77, height: 111 },
  { x: 53, y: 243, width: 96, height: 138 },
];

const detector = (): MtcnnDetector => current() as MtcnnDetector;
const current = detectorContractTests('MTCNN', load, {
  counts: GOLDEN_COUNTS,
  bbt4Boxes: BBT4_BOXES,
  countOptions: { minScore: GOLDEN_MIN_SCORE, minFaceSize: GOLDEN_MIN_FACE_PX },
});

test('the pyramid starts at 12/minFaceSize and stops before the image is smaller than a 12-pixel cell', () => {
  const scales = pyramidScales(250, 250, 20, 0.709);
  assert.equal(scales[0], 0.6);
  assert.ok(Math.floor(250 * scales.at(-1)!) >= 12);
  assert.ok(Math.floor(250 * scales.at(-1)! * 0.709) < 12);
});

test('100 detections leave the tensor count unchanged', async () => {
  const tf = await getTf();
  const image = await decodeImage(join(DATASETS, 'media/tv/bbt3.jpg'));
  const small = { width: 120, height: 100, data: new Uint8Array(120 * 100 * 3) };
  for (let y = 0; y < 100; y++) small.data.set(image.data.subarray((y + 80) * image.width * 3 + 140 * 3, (y + 80) * image.width * 3 + 260 * 3), y * 120 * 3);
  assert.equal((await detector().detect(small, { minFaceSize: 40 })).length, 1, 'the crop holds one face, so all three stages run');
  const before = tf.memory().numTensors;
  for (let i = 0; i < 100; i++) await detector().detect(small, { minFaceSize: 40 });
  assert.equal(tf.memory().numTensors, before);
});

test('bad options are refused with the field name', async () => {
  const image = { width: 40, height: 40, data: new Uint8Array(40 * 40 * 3) };
  await assert.rejects(detector().detect(image, { scaleFactor: 1.5 }), (err: Error & { code?: string }) => err.code === 'MF_INVALID_ARGUMENT' && /scaleFactor/.test(err.message));
});
