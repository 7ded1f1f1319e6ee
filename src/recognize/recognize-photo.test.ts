import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FaceDetection, FaceDetector } from '../face/types.js';
import type { RgbImage } from '../image/types.js';
import { recognizePhoto } from './recognize-photo.js';
import type { FaceRecognition, Recognizer } from './recognizer.js';

const image: RgbImage = { width: 160, height: 120, data: new Uint8Array(160 * 120 * 3) };
const detected: FaceDetection = { box: { x: 40, y: 20, width: 60, height: 70 }, score: 0.99 };

function fakes(): { detector: FaceDetector; recognizer: Recognizer; detections: () => number; seen: FaceDetection[] } {
  let calls = 0;
  const seen: FaceDetection[] = [];
  const detector: FaceDetector = { name: 'fake', detect: () => { calls++; return Promise.resolve([detected]); }, dispose: () => undefined };
  const recognizer = {
    threshold: 0.5,
    people: ['Ada'],
    recognize: (_image: RgbImage, face: FaceDetection): Promise<FaceRecognition> => { seen.push(face); return Promise.resolve({ name: 'Ada', confidence: 0.9, threshold: 0.5, candidates: [] }); },
    dispose: () => undefined,
  } as unknown as Recognizer;
  return { detector, recognizer, detections: () => calls, seen };
}

test('a photo is searched for faces by default', async () => {
  const f = fakes();
  const faces = await recognizePhoto(f.detector, f.recognizer, image);
  assert.equal(f.detections(), 1);
  assert.deepEqual(faces.map((x) => x.box), [detected.box]);
});

test('faceCrop: no detection, the whole photo is the one face', async () => {
  const f = fakes();
  const faces = await recognizePhoto(f.detector, f.recognizer, image, { faceCrop: true });
  assert.equal(f.detections(), 0);
  assert.deepEqual(faces.map((x) => [x.box, x.faceScore, x.name]), [[{ x: 0, y: 0, width: 160, height: 120 }, 1, 'Ada']]);
  assert.equal(f.seen[0]?.landmarks5, undefined);
});
