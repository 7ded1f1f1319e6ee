import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeImage } from '../../image/io.js';
import type { Box } from '../../image/types.js';
import { loadDetector } from '../detectors.js';
import { DATASETS, detectorContractTests } from '../testing/detector-contract.js';


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

const detector = detectorContractTests('RetinaFace', () => loadDetector({ kind: 'retinaface' }), { counts: GOLDEN_COUNTS, bbt4Boxes: BBT4_BOXES });

test('RetinaFace honours maxFaces and minScore', async () => {
  const bbt4 = await decodeImage(join(DATASETS, 'media/tv/bbt4.jpg'));
  assert.equal((await detector().detect(bbt4, { maxFaces: 2 })).length, 2);
  assert.equal((await detector().detect(bbt4, { minScore: 1 })).length, 0);
});

test('an unknown detector kind is refused', async () => {
  await assert.rejects(loadDetector({ kind: 'ssd' } as never), (err: Error & { code?: string }) => err.code === 'MF_INVALID_ARGUMENT');
});
