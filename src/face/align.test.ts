import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { decodeImage } from '../image/io.js';
import { createImage } from '../image/types.js';
import { alignFace, applySimilarity, estimateSimilarity, fivePointsFrom68, TEMPLATE_112 } from './align.js';
import { load } from './mtcnn/index.js';
import type { Point } from './types.js';

/** Bilinear sampling moves a one-pixel dot's brightest pixel by up to a pixel. */
const POINT_TOLERANCE_PX = 1.5;
const FIT_TOLERANCE = 1e-9;

/** The template turned by `deg`, scaled by `s` and moved: a face tilted in a photo. */
function tilted(deg: number, s: number, dx: number, dy: number): Point[] {
  const r = (deg * Math.PI) / 180;
  return TEMPLATE_112.map((p) => ({ x: s * (p.x * Math.cos(r) - p.y * Math.sin(r)) + dx, y: s * (p.x * Math.sin(r) + p.y * Math.cos(r)) + dy }));
}

test('estimateSimilarity recovers a known rotation, scale and shift exactly', () => {
  const t = estimateSimilarity(TEMPLATE_112, tilted(25, 1.7, 40, -10));
  const r = (25 * Math.PI) / 180;
  assert.ok(Math.abs(t.a - 1.7 * Math.cos(r)) < FIT_TOLERANCE);
  assert.ok(Math.abs(t.b - 1.7 * Math.sin(r)) < FIT_TOLERANCE);
  assert.ok(Math.abs(t.tx - 40) < FIT_TOLERANCE && Math.abs(t.ty + 10) < FIT_TOLERANCE);
  const back = applySimilarity(t, TEMPLATE_112[0]!);
  assert.ok(Math.abs(back.x - tilted(25, 1.7, 40, -10)[0]!.x) < FIT_TOLERANCE);
});

test('alignFace levels a tilted face: bright dots at the eyes land on the template eyes', () => {
  const photo = createImage(300, 300, 0);
  const points = tilted(-30, 2, 120, 90);
  for (const p of points.slice(0, 2)) {
    const o = (Math.round(p.y) * photo.width + Math.round(p.x)) * 3;
    photo.data.fill(255, o, o + 3);
  }
  const size = 160;
  const aligned = alignFace(photo, points, size);
  assert.equal(aligned.width, size);
  assert.equal(aligned.height, size);
  TEMPLATE_112.slice(0, 2).forEach((eye) => {
    const target = { x: (eye.x * size) / 112, y: (eye.y * size) / 112 };
    let best = { v: -1, x: 0, y: 0 };
    for (let y = Math.floor(target.y) - 4; y <= target.y + 4; y++) {
      for (let x = Math.floor(target.x) - 4; x <= target.x + 4; x++) {
        const v = aligned.data[(y * size + x) * 3]!;
        if (v > best.v) best = { v, x: x + 0.5, y: y + 0.5 };
      }
    }
    assert.ok(best.v > 0, 'the eye dot survives the warp');
    assert.ok(Math.hypot(best.x - target.x, best.y - target.y) <= POINT_TOLERANCE_PX, `eye at ${best.x},${best.y}, template ${target.x},${target.y}`);
  });
});

test('68 points reduce to eye centres, nose tip and mouth corners', () => {
  const pts = Array.from({ length: 68 }, (_, i) => ({ x: i, y: 2 * i }));
  const five = fivePointsFrom68(pts);
  assert.deepEqual(five[0], { x: 38.5, y: 77 });
  assert.deepEqual(five[1], { x: 44.5, y: 89 });
  assert.deepEqual(five.slice(2), [pts[30], pts[48], pts[54]]);
  assert.equal(alignFace(createImage(50, 50), tilted(0, 0.4, 0, 0), 32).width, 32);
  assert.throws(() => alignFace(createImage(50, 50), pts.slice(0, 7)), (err: Error & { code?: string }) => err.code === 'MF_INVALID_ARGUMENT');
});

test('on an LFW face turned by 20 degrees, MTCNN finds the aligned crop with level eyes at the template distance', async () => {
  /** MTCNN's landmarks on a 160 px crop wander about 2 px. */
  const LANDMARK_TOLERANCE_PX = 3;
  const detector = await load();
  try {
    const turned = await sharp(resolve('../shared/datasets/lfw/Colin_Powell/Colin_Powell_0001.jpg')).rotate(20).png().toBuffer();
    const photo = await decodeImage(turned);
    const [face] = await detector.detect(photo);
    assert.ok(face?.landmarks5);
    const [l0, r0] = face.landmarks5;
    const tilt = (Math.atan2(r0!.y - l0!.y, r0!.x - l0!.x) * 180) / Math.PI;
    assert.ok(tilt > 10, `the eyes of the turned photo are tilted (${tilt.toFixed(1)} degrees)`);
    const size = 160;
    const aligned = alignFace(photo, face.landmarks5, size);
    const [again] = await detector.detect(aligned, { minFaceSize: 40 });
    assert.ok(again?.landmarks5, 'the aligned crop still holds a face');
    const [left, right] = again.landmarks5;
    const k = size / 112;
    assert.ok(Math.abs(left!.y - right!.y) <= LANDMARK_TOLERANCE_PX, `eyes level: ${left!.y} vs ${right!.y}`);
    assert.ok(Math.abs(left!.x - TEMPLATE_112[0]!.x * k) <= LANDMARK_TOLERANCE_PX && Math.abs(right!.x - TEMPLATE_112[1]!.x * k) <= LANDMARK_TOLERANCE_PX);
  } finally {
    detector.dispose();
  }
});
