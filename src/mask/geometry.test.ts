import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { test } from 'node:test';
import type { Point } from '../face/types.js';
import { fitMask } from './geometry.js';
import { MASK_TYPES } from './options.js';

/** The construction only rotates with the landmarks, so a tilted face's mask is the upright one turned, to float rounding. */
const ROTATION_TOLERANCE_PX = 1e-6;
/**
 * Squeezing one half of the face to 45 % must shrink that half of the mask to under 70 % of its
 * share (not to 45 %: the mask stands off the jaw by a fixed fraction of the face width).
 */
const FORESHORTENED_MAX_RATIO = 0.7;

const reference = JSON.parse(await readFile(resolve('test/fixtures/landmarks68-reference.json'), 'utf8')) as { points: [number, number][] };
const upright: Point[] = reference.points.map(([x, y]) => ({ x, y }));
const width = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);

test('a tilted head gets the same mask, tilted: the outline is built from the landmarks themselves', () => {
  const angle = (25 * Math.PI) / 180;
  const c = { x: 125, y: 125 };
  const turn = (p: Point): Point => ({
    x: c.x + (p.x - c.x) * Math.cos(angle) - (p.y - c.y) * Math.sin(angle),
    y: c.y + (p.x - c.x) * Math.sin(angle) + (p.y - c.y) * Math.cos(angle),
  });
  for (const type of MASK_TYPES) {
    const straight = fitMask(upright, type);
    const tilted = fitMask(upright.map(turn), type);
    for (const [u, v] of [[0, 0], [0.5, 0], [1, 0.3], [0.5, 1], [0.2, 0.7]] as const) {
      const expected = turn(straight.at(u, v));
      const got = tilted.at(u, v);
      assert.ok(width(expected, got) < ROTATION_TOLERANCE_PX, `${type} at (${u}, ${v})`);
    }
  }
});

test('a turned head gets a foreshortened far side, not a flat sticker', () => {
  const nose = upright[30] as Point;
  // The photo's right half of the face squeezed to 45 %: what a head turned to the right shows.
  const turned = upright.map((p) => (p.x > nose.x ? { x: nose.x + (p.x - nose.x) * 0.45, y: p.y } : p));
  for (const type of MASK_TYPES) {
    const frontal = fitMask(upright, type);
    const ratio = (g: typeof frontal): number => width(g.at(1, 0.5), g.at(0.5, 0.5)) / width(g.at(0, 0.5), g.at(0.5, 0.5));
    const side = fitMask(turned, type);
    // The reference face is itself a little turned, so the squeeze is measured against it.
    assert.ok(ratio(side) < FORESHORTENED_MAX_RATIO * ratio(frontal), `${type}: halves ${ratio(frontal).toFixed(2)} then ${ratio(side).toFixed(2)}`);
    assert.ok(side.yaw - frontal.yaw > 0.3, `${type}: yaw ${frontal.yaw.toFixed(2)} then ${side.yaw.toFixed(2)} rad`);
  }
});

test('the top edge runs over the nose bridge between landmarks 28 and 30, below the eyes', () => {
  for (const type of MASK_TYPES) {
    const g = fitMask(upright, type);
    const top = g.at(0.5, 0);
    assert.ok(top.y >= (upright[27] as Point).y && top.y < (upright[30] as Point).y, `${type}: top at y=${top.y.toFixed(1)}`);
    for (const p of g.outline(24)) {
      const depth = (p.x - g.eyeLineOrigin.x) * g.down.x + (p.y - g.eyeLineOrigin.y) * g.down.y;
      assert.ok(depth >= 0, `${type}: outline point above the eye line`);
    }
  }
});
