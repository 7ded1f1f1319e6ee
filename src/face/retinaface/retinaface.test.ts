import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { decodeImage } from '../../image/io.js';
import type { Box } from '../../image/types.js';
import { loadDetector } from '../detectors.js';
import type { FaceDetector } from '../types.js';

const DATASETS = resolve('../shared/datasets');
/** Boxes were read off drawings of the detections; resampling moves edges a few pixels. */
const BOX_TOLERANCE_PX = 8;
/** Landmarks from the 0.2 landmark scale agree with MTCNN's within this share of the box width. */
const EYE_IN_BOX_MARGIN = 0.15;

/** Faces a person counts (the same counts as the MTCNN test); RetinaFace's default 0.75 threshold passes no other. */
const GOLDEN_COUNTS: Record<string, number> = {
  'tv/bbt1.jpg': 4,
  'tv/bbt2.jpg': 3,
  'tv/bbt3.jpg': 5,
  'tv/bbt4.jpg': 6,
  'tv/bbt5.jpg': 5,
  'press/kit_with_rose.jpg': 2,
  'press/obama.jpg': 1,
  'press/obama_and_biden.jpg': 3,
  'press/two_people.jpg': 2,
  'press/alex-lacamoire.png': 1,
  'press/lin-manuel-miranda.png': 1,
};

/** bbt4.jpg as RetinaFace boxes it (a little wider and higher than MTCNN), checked by eye. */
const BBT4_BOXES: readonly Box[] = [
  { x: 81, y: 9, width: 93, height: 126 },
  { x: 230, y: 30, width: 95, height: 125 },
  { x: 575, y: 67, width: 82, height: 104 },
  { x: 461, y: 171, width: 98, height: 132 },
  { x: 255, y: 234, width: 84, height: 109 },
  { x: 48, y: 247, width: 105, height: 136 },
];

let detector: FaceDetector;
before(async () => {
  detector = await loadDetector({ kind: 'retinaface' });
});
after(() => detector.dispose());

test('RetinaFace finds the faces a person counts in the TV stills and press photos', async () => {
  for (const [file, expected] of Object.entries(GOLDEN_COUNTS)) {
    const faces = await detector.detect(await decodeImage(join(DATASETS, 'media', file)));
    assert.equal(faces.length, expected, `${file}: ${faces.length} faces, expected ${expected}`);
  }
});

test('bbt4.jpg boxes match the hand-checked ones and the eyes sit in the upper half of each box', async () => {
  const faces = await detector.detect(await decodeImage(join(DATASETS, 'media/tv/bbt4.jpg')));
  for (const expected of BBT4_BOXES) {
    const found = faces.find((f) => Math.abs(f.box.x - expected.x) <= BOX_TOLERANCE_PX && Math.abs(f.box.y - expected.y) <= BOX_TOLERANCE_PX);
    assert.ok(found, `no face near ${JSON.stringify(expected)}`);
    assert.ok(Math.abs(found.box.width - expected.width) <= BOX_TOLERANCE_PX && Math.abs(found.box.height - expected.height) <= BOX_TOLERANCE_PX);
    const [leftEye, rightEye, , mouthLeft] = found.landmarks5!;
    const b = found.box;
    for (const eye of [leftEye!, rightEye!]) {
      assert.ok(eye.x > b.x + b.width * EYE_IN_BOX_MARGIN && eye.x < b.x + b.width * (1 - EYE_IN_BOX_MARGIN), 'eye inside the box');
      assert.ok(eye.y > b.y && eye.y < b.y + b.height / 2 + b.height * EYE_IN_BOX_MARGIN, 'eye in the upper half');
    }
    assert.ok(leftEye!.x < rightEye!.x && leftEye!.y < mouthLeft!.y);
  }
});

test('RetinaFace finds a face in each of 30 LFW photos and honours maxFaces and minScore', async () => {
  const lfw = join(DATASETS, 'lfw');
  const missed: string[] = [];
  for (const person of readdirSync(lfw).sort().slice(0, 30)) {
    const file = join(lfw, person, `${person}_0001.jpg`);
    if ((await detector.detect(await decodeImage(file))).length === 0) missed.push(file);
  }
  assert.deepEqual(missed, []);
  const bbt4 = await decodeImage(join(DATASETS, 'media/tv/bbt4.jpg'));
  assert.equal((await detector.detect(bbt4, { maxFaces: 2 })).length, 2);
  assert.equal((await detector.detect(bbt4, { minScore: 1 })).length, 0);
});

test('a disposed RetinaFace refuses to detect, and an unknown detector kind is refused', async () => {
  const other = await loadDetector({ kind: 'retinaface' });
  other.dispose();
  await assert.rejects(other.detect({ width: 8, height: 8, data: new Uint8Array(192) }), (err: Error & { code?: string }) => err.code === 'MF_MODEL_NOT_LOADED');
  await assert.rejects(loadDetector({ kind: 'ssd' } as never), (err: Error & { code?: string }) => err.code === 'MF_INVALID_ARGUMENT');
});
