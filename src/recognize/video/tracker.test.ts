import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FaceTracker, iou } from './tracker.js';

/** Propagated boxes are exact linear extrapolations, up to float rounding, in pixels. */
const BOX_TOLERANCE_PX = 1e-9;

test('iou of identical, disjoint and half-overlapping boxes', () => {
  const a = { x: 0, y: 0, width: 10, height: 10 };
  assert.equal(iou(a, a), 1);
  assert.equal(iou(a, { x: 20, y: 0, width: 10, height: 10 }), 0);
  assert.equal(iou(a, { x: 5, y: 0, width: 10, height: 10 }), 50 / 150);
});

test('tracks keep their id across detections and move at their measured velocity in between', () => {
  const tracker = new FaceTracker();
  const [first] = tracker.update(0, [{ x: 0, y: 0, width: 50, height: 50 }]);
  assert.equal(first?.sinceRecognized, Number.POSITIVE_INFINITY);
  assert.equal(first?.recognitions, 0);
  tracker.label(first!.id, { name: 'Ada', confidence: 0.8 });
  const [moved] = tracker.update(10, [{ x: 10, y: 5, width: 50, height: 50 }]);
  assert.equal(moved?.id, first!.id);
  assert.equal(moved?.recognitions, 1);
  assert.equal(moved?.label?.name, 'Ada');
  const [between] = tracker.propagate(15);
  assert.ok(Math.abs(between!.box.x - 15) < BOX_TOLERANCE_PX && Math.abs(between!.box.y - 7.5) < BOX_TOLERANCE_PX);
  assert.equal(between!.detected, false);
});

test('a track survives one missed detection, then ends; a far detection starts a new track', () => {
  const tracker = new FaceTracker({ maxMisses: 1 });
  const [t] = tracker.update(0, [{ x: 0, y: 0, width: 40, height: 40 }]);
  assert.equal(tracker.update(5, []).length, 1);
  assert.equal(tracker.update(10, []).length, 0);
  const [u] = tracker.update(15, [{ x: 0, y: 0, width: 40, height: 40 }]);
  assert.notEqual(u!.id, t!.id);
});

test('a known name outvotes unknown; among known names the majority wins', () => {
  const tracker = new FaceTracker({ votes: 3 });
  const [t] = tracker.update(0, [{ x: 0, y: 0, width: 40, height: 40 }]);
  tracker.label(t!.id, { name: 'Ada', confidence: 0.7 });
  tracker.label(t!.id, { name: 'unknown', confidence: 0.3 });
  tracker.label(t!.id, { name: 'Ada', confidence: 0.9, masked: true });
  const [now] = tracker.propagate(1);
  assert.equal(now!.label?.name, 'Ada');
  assert.ok(Math.abs(now!.label!.confidence - 0.8) < 1e-12);
  assert.equal(now!.label?.masked, true);
  tracker.label(t!.id, { name: 'unknown', confidence: 0.2 });
  tracker.label(t!.id, { name: 'unknown', confidence: 0.2 });
  assert.equal(tracker.current()[0]!.label?.name, 'Ada');
  const [s] = tracker.update(2, [{ x: 200, y: 0, width: 40, height: 40 }]).filter((x) => x.id !== t!.id);
  tracker.label(s!.id, { name: 'unknown', confidence: 0.3 });
  assert.equal(tracker.current().find((x) => x.id === s!.id)?.label?.name, 'unknown');
});
