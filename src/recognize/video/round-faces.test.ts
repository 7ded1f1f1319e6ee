import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Round, facesBetweenRounds } from './round-faces.js';

/** Interpolated boxes are exact up to float rounding, in pixels. */
const BOX_TOLERANCE_PX = 1e-9;
const box = (x: number) => ({ x, y: 0, width: 40, height: 40 });

test('boxes move on a line to the next detection, and a face is labelled with what its track says by then', () => {
  const round: Round = { frame: 0, tracks: [{ id: 1, box: box(0), label: { name: 'unknown', confidence: 0.575 }, identitySince: 0 }] };
  const next: Round = { frame: 8, tracks: [{ id: 1, box: box(80), label: { name: 'Ada', confidence: 0.62 }, identitySince: 0 }] };
  const [first] = facesBetweenRounds(round, next, 0);
  assert.equal(first!.label.name, 'Ada');
  assert.equal(first!.detected, true);
  const [mid] = facesBetweenRounds(round, next, 2);
  assert.ok(Math.abs(mid!.box.x - 20) < BOX_TOLERANCE_PX);
  assert.equal(mid!.detected, false);
  // At the end of the video (no next round) the face keeps its box and label.
  assert.deepEqual(facesBetweenRounds(round, undefined, 3)[0]!.box, box(0));
  assert.equal(facesBetweenRounds(round, undefined, 3)[0]!.label.name, 'unknown');
});

test('a track re-verified at the next round, or missed by it, keeps its earlier label and its box', () => {
  const round: Round = { frame: 0, tracks: [{ id: 1, box: box(0), label: { name: 'Ada', confidence: 0.7 }, identitySince: 0 }, { id: 2, box: box(200), label: { name: 'unknown', confidence: 0.4 }, identitySince: 0 }] };
  const next: Round = { frame: 8, tracks: [{ id: 1, box: box(30), label: { name: 'Bob', confidence: 0.8 }, identitySince: 8 }] };
  const faces = facesBetweenRounds(round, next, 4);
  assert.deepEqual(faces.map((f) => [f.track, f.label.name, f.box.x]), [[1, 'Ada', 0], [2, 'unknown', 200]]);
});

test('a name is drawn on one face per frame: the one still holding it at the next round', () => {
  const round: Round = { frame: 0, tracks: [{ id: 1, box: box(0), label: { name: 'Ada', confidence: 0.9 }, identitySince: 0 }, { id: 2, box: box(200), label: { name: 'unknown', confidence: 0.5 }, identitySince: 0 }] };
  // Track 1 is missed at frame 8; track 2 is named Ada by its own recognition.
  const next: Round = { frame: 8, tracks: [{ id: 2, box: box(200), label: { name: 'Ada', confidence: 0.6 }, identitySince: 0 }] };
  const faces = facesBetweenRounds(round, next, 4);
  assert.deepEqual(faces.map((f) => [f.track, f.label.name]), [[1, 'unknown'], [2, 'Ada']]);
  // Neither holds it at the next round: the higher confidence keeps it.
  const both = facesBetweenRounds({ ...round, tracks: [round.tracks[0]!, { ...round.tracks[1]!, label: { name: 'Ada', confidence: 0.6 } }] }, undefined, 4);
  assert.deepEqual(both.map((f) => [f.track, f.label.name]), [[1, 'Ada'], [2, 'unknown']]);
});
