import assert from 'node:assert/strict';
import { test } from 'node:test';
import { devScore, type DevSample } from './dev-score.js';

const v = (...x: number[]): Float32Array => Float32Array.from(x);
const sample = (person: string, masked: boolean, vector: Float32Array): DevSample => ({ person, masked, vector, mirrored: vector });

test('devScore: masked photos against unmasked means, unmasked photos left out of their own mean', () => {
  const samples = [
    sample('a', false, v(1, 0)),
    sample('a', false, v(1, 0.1)),
    sample('b', false, v(0, 1)),
    sample('b', false, v(0.1, 1)),
    sample('a', true, v(1, 0.2)), // right
    sample('b', true, v(1, 0.3)), // wrong: nearer a
  ];
  const s = devScore(samples, (x) => x);
  assert.equal(s.masked, 0.5);
  assert.equal(s.unmasked, 1);
  assert.equal(s.score, 0.75);
});

test('devScore: a person with one unmasked photo cannot be found by that photo (left out of its own mean)', () => {
  const samples = [sample('a', false, v(1, 0)), sample('b', false, v(0, 1)), sample('b', false, v(0, 1))];
  // a's only photo has no mean of its own left: its nearest is b, wrong; b's photos find b.
  assert.equal(devScore(samples, (x) => x).unmasked, 2 / 3);
});
