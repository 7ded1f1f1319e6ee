import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ScoredRecord, type VideoTruth, matchFace, scoreAgainstTruth } from './video-truth.js';

const truth: VideoTruth = {
  made: { every: 5, date: '2026-12-07', by: 'test', how: 'by hand' },
  video: 'clip.mp4',
  frameCount: 11,
  frames: {
    '0': [{ box: [0, 0, 40, 40], name: 'Ada' }, { box: [100, 0, 40, 40], name: 'other' }],
    '5': [{ box: [0, 0, 40, 40], name: 'Ada' }, { box: [200, 0, 40, 40], name: '?' }],
    '10': [{ box: [300, 0, 40, 40], name: 'Ada', partial: true }],
  },
};
const at = (frame: number, x: number, name: string, masked: boolean | null = false): ScoredRecord => ({ frame, box: { x, y: 0, width: 40, height: 40 }, name, masked });

test('a box is on the face whose grown box holds its centre, the nearest when two do', () => {
  const faces = truth.frames['0']!;
  assert.equal(matchFace({ x: 5, y: 5, width: 40, height: 40 }, faces)?.name, 'Ada');
  // Centre at x = 60: inside Ada's box grown by 10 px (to 50)? No: 60 > 50; nor the other's (90-150)? No.
  assert.equal(matchFace({ x: 40, y: 0, width: 40, height: 40 }, faces), undefined);
  assert.equal(matchFace({ x: 95, y: 0, width: 40, height: 40 }, faces)?.name, 'other');
});

test('counts right names, wrong names, names on non-faces, duplicates and mask flags', () => {
  const records: ScoredRecord[] = [
    at(0, 0, 'Ada'),
    at(0, 100, 'Ada', true), // on another person's face: wrong, and a duplicate of Ada in frame 0
    at(5, 0, 'unknown'),
    at(5, 200, 'Bob'), // unreadable face: not scored
    at(5, 500, 'Cy'), // nothing there
    at(10, 300, 'Eve'), // a partial face of Ada named Eve: wrong
    at(7, 0, 'Ada'), at(7, 300, 'Ada'), // unannotated frame, still a duplicate
  ];
  const score = scoreAgainstTruth(truth, records);
  assert.deepEqual(score.byName, { Ada: { onScreen: 2, namedRight: 1 } });
  assert.equal(score.wrongNames, 2);
  assert.deepEqual(score.wrongNamePairs, { 'other<-Ada': 1, 'Ada<-Eve': 1 });
  assert.equal(score.namedNonFaces, 1);
  assert.equal(score.duplicateFrames, 2);
  assert.equal(score.maskedFlags, 1);
  assert.equal(score.maskVerdicts, 4);
  assert.equal(score.annotatedFrames, 3);
});
