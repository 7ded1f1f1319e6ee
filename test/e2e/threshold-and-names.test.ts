/**
 * Issue 25, point 4, from the command line: identify names a face exactly when its score reaches the
 * threshold it prints (the face's own, masked or unmasked), --verify agrees with identify, and the
 * CLI refuses the names the HTTP API refuses (src/server/http-errors.test.ts has the API's side).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { MAX_ERROR_OUTPUT_BYTES, runCli } from '../helpers/cli.js';

const PRESS = resolve('../shared/datasets/media/press');
const dir = mkdtempSync(join(tmpdir(), 'maskface-threshold-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Face { name: string; confidence: number; threshold: number; masked?: boolean }

function ok(args: string[]): string {
  const run = runCli(args);
  assert.equal(run.status, 0, `maskface ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

test('identify and --verify hold each face to the threshold they print', { skip: !existsSync(PRESS) && 'needs ../shared/datasets/media/press' }, async () => {
  const gallery = join(dir, 'press.db');
  // One network and no synthetic masks keep the test to seconds; the threshold rule is the same.
  ok(['enroll', gallery, 'Joe Biden', join(PRESS, 'biden.jpg'), '--embedder', 'faceres', '--no-synthetic-masks']);
  ok(['enroll', gallery, 'Barack Obama', join(PRESS, 'obama.jpg'), '--embedder', 'faceres', '--no-synthetic-masks']);
  const group = JSON.parse(ok(['identify', gallery, join(PRESS, 'obama_and_biden.jpg'), '--json'])) as { faces: Face[] };
  assert.ok(group.faces.length >= 2);
  for (const f of group.faces) assert.equal(f.name !== 'unknown', f.confidence >= f.threshold, JSON.stringify(f));
  // The text output prints the same threshold each face was held to.
  const text = ok(['identify', gallery, join(PRESS, 'obama_and_biden.jpg')]);
  for (const f of group.faces) assert.ok(text.includes(`${f.name} (score ${f.confidence.toFixed(3)}, threshold ${f.threshold.toFixed(3)}`), text);

  // Biden's face alone: verification (1:1) decides as identification (1:N) does, with the same threshold.
  const crop = join(dir, 'biden-crop.jpg');
  await sharp(join(PRESS, 'obama_and_biden.jpg')).extract({ left: 705, top: 350, width: 280, height: 340 }).toFile(crop);
  const [face] = (JSON.parse(ok(['identify', gallery, crop, '--json'])) as { faces: Face[] }).faces;
  assert.ok(face !== undefined);
  const verdict = JSON.parse(ok(['identify', gallery, crop, '--verify', 'Joe Biden', '--json'])) as { match: boolean; score: number; threshold: number };
  assert.equal(verdict.threshold, face.threshold);
  assert.equal(verdict.match, verdict.score >= verdict.threshold);
  if (face.name === 'Joe Biden') assert.equal(verdict.match, true, 'identify names him, so verify must match');
  assert.match(ok(['identify', gallery, crop, '--verify', 'Joe Biden']), new RegExp(`threshold ${verdict.threshold.toFixed(3)}`));
});

test('enroll refuses the names the API refuses, before loading any model', () => {
  for (const name of ['<img src=x> ../x', 'a/b', 'unknown']) {
    const run = runCli(['enroll', join(dir, 'names.db'), name, join(dir, 'never-read.jpg')]);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr.trim(), /^maskface: name .+ \[MF_INVALID_ARGUMENT\]$/);
    assert.ok(Buffer.byteLength(run.stderr) < MAX_ERROR_OUTPUT_BYTES);
  }
});
