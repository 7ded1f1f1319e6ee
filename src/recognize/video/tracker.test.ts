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

test('a missed track is hidden, keeps its id when found again within maxMisses rounds, then ends', () => {
  const tracker = new FaceTracker({ maxMisses: 1 });
  const [t] = tracker.update(0, [{ x: 0, y: 0, width: 40, height: 40 }]);
  assert.equal(tracker.update(5, []).length, 0);
  assert.equal(tracker.propagate(6).length, 0);
  assert.equal(tracker.update(10, [{ x: 2, y: 0, width: 40, height: 40 }])[0]?.id, t!.id);
  assert.equal(tracker.update(15, []).length, 0);
  assert.equal(tracker.update(20, []).length, 0);
  const [u] = tracker.update(25, [{ x: 0, y: 0, width: 40, height: 40 }]);
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

test('a face that lost its track is drawn once: the coasting box is hidden, the new track is recognised on its own', () => {
  // The Hamilton case of issue 26: a named track moving down fast; the next detection finds the face
  // back up (IoU 0 with the predicted box, 0.11 with the last one), which starts a new track.
  const tracker = new FaceTracker();
  const [t] = tracker.update(0, [{ x: 200, y: 40, width: 70, height: 100 }]);
  tracker.label(t!.id, { name: 'Ada', confidence: 0.6 });
  tracker.update(8, [{ x: 200, y: 70, width: 70, height: 100 }]);
  const shown = tracker.update(16, [{ x: 200, y: -10, width: 70, height: 100 }]);
  assert.equal(shown.length, 1);
  assert.notEqual(shown[0]!.id, t!.id);
  assert.equal(shown[0]!.label, undefined);
  assert.equal(shown[0]!.sinceRecognized, Number.POSITIVE_INFINITY);
  assert.equal(tracker.propagate(20).length, 1);
});

test('a track that reverses is matched by its last detected box, not its extrapolated one', () => {
  const tracker = new FaceTracker();
  const [t] = tracker.update(0, [{ x: 100, y: 0, width: 60, height: 60 }]);
  tracker.update(8, [{ x: 100, y: 30, width: 60, height: 60 }]);
  const [back] = tracker.update(16, [{ x: 100, y: 25, width: 60, height: 60 }]);
  assert.equal(back!.id, t!.id);
});

test('a detection that jumps within the matching overlap makes the track forget its name and be recognised again', () => {
  const tracker = new FaceTracker({ minIou: 0.3, reverifyIou: 0.5 });
  const [t] = tracker.update(0, [{ x: 0, y: 0, width: 100, height: 100 }]);
  tracker.label(t!.id, { name: 'Ada', confidence: 0.9 });
  // IoU 0.6 with the last box: same face, the name stays.
  const [near] = tracker.update(8, [{ x: 0, y: 25, width: 100, height: 100 }]);
  assert.equal(near!.label?.name, 'Ada');
  // Sideways by half a face: IoU 0.33 with the last box (y 25), 0.23 with the predicted one (y 50): matched but re-verified.
  const [jumped] = tracker.update(16, [{ x: 50, y: 25, width: 100, height: 100 }]);
  assert.equal(jumped!.id, t!.id);
  assert.equal(jumped!.label, undefined);
  assert.equal(jumped!.sinceRecognized, Number.POSITIVE_INFINITY);
  tracker.label(t!.id, { name: 'unknown', confidence: 0.3 });
  assert.equal(tracker.current()[0]!.label?.name, 'unknown');
});

test('a name is shown on one track per frame: the track whose latest recognition says it keeps it', () => {
  const tracker = new FaceTracker();
  const [a, b] = tracker.update(0, [{ x: 0, y: 0, width: 40, height: 40 }, { x: 200, y: 0, width: 40, height: 40 }]);
  tracker.label(a!.id, { name: 'Ada', confidence: 0.9 });
  tracker.label(a!.id, { name: 'unknown', confidence: 0.4 });
  tracker.label(b!.id, { name: 'Ada', confidence: 0.7 });
  const byId = new Map(tracker.current().map((t) => [t.id, t]));
  assert.equal(byId.get(b!.id)!.label?.name, 'Ada');
  assert.equal(byId.get(a!.id)!.label?.name, 'unknown');
  assert.equal(byId.get(a!.id)!.sinceRecognized, Number.POSITIVE_INFINITY);
  // Both latest recognitions say Ada: the higher voted confidence keeps it.
  tracker.label(a!.id, { name: 'Ada', confidence: 0.9 });
  const shown = tracker.propagate(1);
  assert.deepEqual(shown.map((t) => t.label?.name).sort(), ['Ada', 'unknown']);
  assert.equal(shown.find((t) => t.label?.name === 'Ada')!.id, a!.id);
});

test('defaults: a face that moved by a third of its size keeps its name, by a face width is re-verified, further starts a new track', () => {
  const tracker = new FaceTracker();
  const [t] = tracker.update(0, [{ x: 0, y: 0, width: 90, height: 90 }]);
  tracker.label(t!.id, { name: 'Ada', confidence: 0.9 });
  // 30 px of 90: IoU 0.5 with the last box (the predicted one is the same: no velocity yet).
  assert.equal(tracker.update(8, [{ x: 30, y: 0, width: 90, height: 90 }])[0]!.label?.name, 'Ada');
  // Predicted x 60, last x 30; at x 115: IoU 0.24 with the predicted box, 0.03 with the last (above 0.2, below 0.3).
  const [moved] = tracker.update(16, [{ x: 115, y: 0, width: 90, height: 90 }]);
  assert.equal(moved!.id, t!.id);
  assert.equal(moved!.label, undefined);
  // Predicted x 200, last x 115; at x 300 it overlaps neither: a new track.
  assert.notEqual(tracker.update(24, [{ x: 300, y: 0, width: 90, height: 90 }])[0]!.id, t!.id);
});
