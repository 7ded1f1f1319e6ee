/**
 * The tests every `FaceDetector` passes, on the real photos of `../shared/datasets/media` and LFW:
 * it finds the faces a person counts in the TV stills and press photos, each with 5 landmarks;
 * on bbt4.jpg its boxes match hand-checked ones and its landmarks are where a face has them; it
 * finds a face in 30 LFW photos; repeated detections leak no tensor; a disposed detector refuses.
 * Each detector's test file calls this once with its own golden data.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { getTf } from '../../engine/tf.js';
import { decodeImage } from '../../image/io.js';
import type { Box } from '../../image/types.js';
import type { DetectOptions, FaceDetector } from '../types.js';

export const DATASETS = resolve('../shared/datasets');
/** Boxes were read off drawings of the detections; resampling moves box edges a few pixels. */
const BOX_TOLERANCE_PX = 8;
/** The eyes lie at least this share of the box width inside its left and right edges. */
const EYE_IN_BOX_MARGIN = 0.15;
/** LFW photos (deep-funneled, one centred face each) in which a face must be found: all of them. */
const LFW_PHOTOS = 30;

export interface DetectorGolden {
  /** Faces a person counts in photos under `media/` (every face with both eyes visible). */
  readonly counts: Readonly<Record<string, number>>;
  /** The six faces of `media/tv/bbt4.jpg` as this detector boxes them, checked by eye. */
  readonly bbt4Boxes: readonly Box[];
  /** Options of the golden-count detections (thresholds that keep out non-faces). */
  readonly countOptions?: DetectOptions;
}

/** Registers the shared tests and returns an accessor for the loaded detector (for extra tests). */
export function detectorContractTests(name: string, load: () => Promise<FaceDetector>, golden: DetectorGolden): () => FaceDetector {
  let detector: FaceDetector;
  before(async () => { detector = await load(); });
  after(() => detector.dispose());

  test(`${name} finds the faces a person counts in the TV stills and press photos, with 5 landmarks each`, async () => {
    for (const [file, expected] of Object.entries(golden.counts)) {
      const faces = await detector.detect(await decodeImage(join(DATASETS, 'media', file)), golden.countOptions);
      assert.equal(faces.length, expected, `${file}: ${faces.length} faces, expected ${expected}`);
      for (const f of faces) assert.equal(f.landmarks5?.length, 5, `${file}: 5 landmarks per face`);
    }
  });

  test(`${name}: bbt4.jpg boxes match the hand-checked ones, eyes inside the upper half, left of right, above nose and mouth`, async () => {
    const faces = await detector.detect(await decodeImage(join(DATASETS, 'media/tv/bbt4.jpg')), golden.countOptions);
    for (const expected of golden.bbt4Boxes) {
      const found = faces.find((f) => Math.abs(f.box.x - expected.x) <= BOX_TOLERANCE_PX && Math.abs(f.box.y - expected.y) <= BOX_TOLERANCE_PX);
      assert.ok(found, `no face near ${JSON.stringify(expected)}`);
      const b = found.box;
      assert.ok(Math.abs(b.width - expected.width) <= BOX_TOLERANCE_PX, `width ${b.width} vs ${expected.width}`);
      assert.ok(Math.abs(b.height - expected.height) <= BOX_TOLERANCE_PX, `height ${b.height} vs ${expected.height}`);
      const [leftEye, rightEye, nose, mouthLeft, mouthRight] = found.landmarks5!;
      for (const eye of [leftEye!, rightEye!]) {
        assert.ok(eye.x > b.x + b.width * EYE_IN_BOX_MARGIN && eye.x < b.x + b.width * (1 - EYE_IN_BOX_MARGIN), 'eye inside the box');
        assert.ok(eye.y > b.y && eye.y < b.y + b.height / 2 + b.height * EYE_IN_BOX_MARGIN, 'eye in the upper half');
      }
      assert.ok(leftEye!.x < rightEye!.x && mouthLeft!.x < mouthRight!.x, 'left points have the smaller x');
      assert.ok(Math.max(leftEye!.y, rightEye!.y) < nose!.y && nose!.y < Math.min(mouthLeft!.y, mouthRight!.y), 'eyes above nose above mouth');
    }
  });

  test(`${name} finds a face in each of ${LFW_PHOTOS} LFW photos and leaks no tensor`, async () => {
    const tf = await getTf();
    const lfw = join(DATASETS, 'lfw');
    const tensorsBefore = tf.memory().numTensors;
    const missed: string[] = [];
    for (const person of readdirSync(lfw).sort().slice(0, LFW_PHOTOS)) {
      const file = join(lfw, person, `${person}_0001.jpg`);
      if ((await detector.detect(await decodeImage(file))).length === 0) missed.push(file);
    }
    assert.deepEqual(missed, []);
    assert.equal(tf.memory().numTensors, tensorsBefore);
  });

  test(`a disposed ${name} refuses to detect`, async () => {
    const other = await load();
    other.dispose();
    await assert.rejects(other.detect({ width: 8, height: 8, data: new Uint8Array(192) }), (err: Error & { code?: string }) => err.code === 'MF_MODEL_NOT_LOADED');
  });

  return () => detector;
}
