/**
 * Issue 25, points 2, 3 and 7, where the user meets them: every error is one line
 * `maskface: <message> [MF_CODE]` naming the path, exit status 1, under 2 KB, and outputs are
 * checked before any work; a folder run skips and reports unreadable photos. Each case fails before
 * any model loads, except the folder runs (one small embedder, face crops: no detector).
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_CROPS } from '../../src/recognize/face-encoder.js';
import { openGallery } from '../../src/recognize/open-gallery.js';
import { MAX_ERROR_OUTPUT_BYTES, runCli, type CliRun } from '../helpers/cli.js';

const FIXTURE = resolve('test/fixtures/rmfd-mini');
const PHOTO = join(FIXTURE, 'AFDB_masked_face_dataset/caizhuoyan/0_0_0.jpg');
/** A place no process may create anything in, root included (sysfs refuses new entries with EPERM). */
const READ_ONLY = '/sys/maskface-test-output';
const dir = mkdtempSync(join(tmpdir(), 'maskface-cli-errors-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The command failed with one MF_* line naming `path`, and nothing else. */
function assertOneError(run: CliRun, code: string, path: string): void {
  const output = `${run.stdout}${run.stderr}`;
  assert.equal(run.status, 1, output);
  assert.ok(Buffer.byteLength(output) < MAX_ERROR_OUTPUT_BYTES, `${Buffer.byteLength(output)} bytes of output`);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0] ?? '', new RegExp(`^maskface: .+ \\[${code}\\]$`));
  assert.ok(lines[0]?.includes(path), `the message names ${path}: ${lines[0]}`);
  assert.doesNotMatch(output, /\n\s+at /, 'no stack');
}

describe('file-system errors are one MF_* line naming the path (point 2)', () => {
  test('a folder given as a photo to enroll: MF_NOT_A_FILE', () => {
    assertOneError(runCli(['enroll', join(dir, 'g.db'), 'Ada', FIXTURE]), 'MF_NOT_A_FILE', FIXTURE);
  });

  test('a missing photo is MF_FILE_NOT_FOUND in identify and in enroll alike (point 7)', () => {
    const missing = join(dir, 'nope.jpg');
    assertOneError(runCli(['identify', join(dir, 'g.db'), missing]), 'MF_FILE_NOT_FOUND', missing);
    assertOneError(runCli(['enroll', join(dir, 'g.db'), 'Ada', missing]), 'MF_FILE_NOT_FOUND', missing);
  });

  test('recognize --out on a read-only place or under a file, before any model loads', () => {
    assertOneError(runCli(['recognize', join(dir, 'none.db'), PHOTO, '--out', `${READ_ONLY}/x.png`]), 'MF_NOT_WRITABLE', `${READ_ONLY}/x.png`);
    const underFile = `${PHOTO}/x.png`;
    assertOneError(runCli(['recognize', join(dir, 'none.db'), PHOTO, '--out', underFile]), 'MF_NOT_A_DIRECTORY', underFile);
  });

  test('train --out and dataset prepare --out on a read-only place fail at once', () => {
    assertOneError(runCli(['train', FIXTURE, '--out', READ_ONLY]), 'MF_NOT_WRITABLE', READ_ONLY);
    assertOneError(runCli(['dataset', 'prepare', FIXTURE, '--out', READ_ONLY, '--no-group']), 'MF_NOT_WRITABLE', READ_ONLY);
  });

  test('a gallery in a read-only place is reported as not writable, not as "not a maskface gallery" (point 7)', () => {
    const gallery = `${READ_ONLY}/g.db`;
    const run = runCli(['enroll', gallery, 'Ada', PHOTO]);
    assertOneError(run, 'MF_NOT_WRITABLE', gallery);
    assert.doesNotMatch(run.stderr, /not a maskface gallery/);
  });
});

describe('folder runs (point 3)', () => {
  const gallery = join(dir, 'faceres.db');
  const photos = join(dir, 'photos');
  before(async () => {
    // An empty gallery of the one-network embedder: every face is "unknown", which is enough here.
    await (await openGallery(gallery, { create: true, embedder: 'faceres', crop: DEFAULT_CROPS.faceres })).close();
    mkdirSync(join(photos, 'b'), { recursive: true });
    copyFileSync(PHOTO, join(photos, 'a.jpg'));
    writeFileSync(join(photos, 'b', 'broken.jpg'), 'not a photo');
    copyFileSync(PHOTO, join(photos, 'c.jpg'));
  });

  test('one unreadable photo among good ones is skipped and reported; the others are recognised', () => {
    const text = runCli(['recognize', gallery, photos, '--face-crops']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^2 photos, 2 faces .*; 1 unreadable photo skipped$/m);
    assert.match(text.stderr, /broken\.jpg.*\[MF_UNREADABLE_IMAGE\]/);
    const json = runCli(['recognize', gallery, photos, '--face-crops', '--json']);
    assert.equal(json.status, 0, json.stderr);
    const records = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { source?: string; skipped?: string; summary?: { photos: number; skipped: Array<{ file: string; code: string }> } });
    assert.deepEqual(records.filter((r) => r.source !== undefined).map((r) => r.source), [join(photos, 'a.jpg'), join(photos, 'c.jpg')]);
    const summary = records.find((r) => r.summary !== undefined)?.summary;
    assert.equal(summary?.photos, 2);
    assert.deepEqual(summary?.skipped.map((s) => [s.file, s.code]), [[join(photos, 'b', 'broken.jpg'), 'MF_UNREADABLE_IMAGE']]);
  });

  test('a folder with no photos is MF_EMPTY_DATASET saying what was looked for', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const run = runCli(['recognize', gallery, empty]);
    assertOneError(run, 'MF_EMPTY_DATASET', empty);
    assert.match(run.stderr, /\.jpg/);
  });

  test('dataset prepare of a folder that is no dataset is MF_EMPTY_DATASET saying what was looked for', () => {
    const notDataset = join(dir, 'not-a-dataset');
    mkdirSync(join(notDataset, 'docs'), { recursive: true });
    writeFileSync(join(notDataset, 'docs', 'readme.txt'), 'hello');
    copyFileSync(PHOTO, join(notDataset, 'docs', 'one.jpg'));
    const run = runCli(['dataset', 'prepare', notDataset, '--out', join(dir, 'prepared'), '--no-group']);
    assertOneError(run, 'MF_EMPTY_DATASET', notDataset);
    assert.match(run.stderr, /--min-unmasked/);
  });
});
