import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { makeRmfd, photoBytes, tempDir, writeFileMkdir } from '../../test/helpers/synthetic-dataset.js';
import { isMaskfaceError } from '../errors.js';
import type { PhotoFilter } from './filters.js';
import { readManifest } from './manifest.js';
import { prepareDataset } from './prepare.js';
import { writeReview } from './review-file.js';

const SHARED_RMFD = resolve('../shared/datasets/rmfd-subset');

test('keeps people with enough unmasked photos who also have masked ones', async () => {
  const root = await tempDir();
  await makeRmfd(root, { enough: [3, 1], fewUnmasked: [2, 4], noMasked: [5, 0] });
  const out = await tempDir();
  const report = await prepareDataset({ input: root, out, minUnmasked: 3, minMasked: 1 });
  assert.equal(report.peopleKept, 1);
  assert.deepEqual(report.peopleExcluded.map((p) => p.person).sort(), ['fewUnmasked', 'noMasked']);
  const manifest = await readManifest(out);
  assert.deepEqual([...new Set(manifest.entries.map((e) => e.person))], ['enough']);
  assert.equal(manifest.entries.length, 4);
  // every excluded person's photos are listed with a reason
  assert.equal(report.excluded.filter((e) => e.reason.startsWith('person left out')).length, 11);
});

test('duplicates across people: both copies go, with the reason', async () => {
  const root = await tempDir();
  await makeRmfd(root, { a: [2, 2], b: [2, 2] });
  const same = await photoBytes(64, 64, 999);
  await writeFileMkdir(join(root, 'AFDB_masked_face_dataset', 'a', 'dup.png'), same);
  await writeFileMkdir(join(root, 'AFDB_masked_face_dataset', 'b', 'dup.png'), same);
  const out = await tempDir();
  const report = await prepareDataset({ input: root, out, minUnmasked: 2 });
  const dups = report.excluded.filter((e) => e.reason.startsWith('duplicate'));
  assert.equal(dups.length, 2);
  assert.ok(dups.every((d) => d.source.endsWith('dup.png')));
  assert.equal((await readManifest(out)).entries.length, 8);
});

test('unreadable and non-image files are skipped with a reason', async () => {
  const root = await tempDir();
  await makeRmfd(root, { a: [2, 1] });
  await writeFileMkdir(join(root, 'AFDB_face_dataset', 'a', 'notes.txt'), 'hello');
  await writeFileMkdir(join(root, 'AFDB_face_dataset', 'a', 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01]));
  const out = await tempDir();
  const report = await prepareDataset({ input: root, out, minUnmasked: 2 });
  assert.match(report.excluded.find((e) => e.source.endsWith('notes.txt'))!.reason, /not an image/);
  assert.match(report.excluded.find((e) => e.source.endsWith('broken.jpg'))!.reason, /unreadable/);
  assert.equal(report.peopleKept, 1);
});

test('every output is letterboxed to the size; the manifest records the original size', async () => {
  const root = await tempDir();
  await makeRmfd(root, { a: [2, 1] });
  const out = await tempDir();
  await prepareDataset({ input: root, out, minUnmasked: 2, size: 64 });
  const manifest = await readManifest(out);
  for (const e of manifest.entries) {
    const meta = await sharp(join(out, e.output)).metadata();
    assert.equal(meta.width, 64);
    assert.equal(meta.height, 64);
    assert.equal(e.width, 120);
    assert.equal(e.height, 80);
  }
});

test('review.json excludes photos on the next run and their prepared files disappear', async () => {
  const root = await tempDir();
  await makeRmfd(root, { a: [3, 1] });
  const out = await tempDir();
  await prepareDataset({ input: root, out, minUnmasked: 2 });
  const first = await readManifest(out);
  const victim = first.entries.find((e) => e.group === 'unmasked')!;
  await writeReview(join(out, 'review.json'), [victim.source]);
  const report = await prepareDataset({ input: root, out, minUnmasked: 2 });
  assert.match(report.excluded.find((e) => e.source === victim.source)!.reason, /by hand/);
  assert.equal((await readManifest(out)).entries.length, first.entries.length - 1);
  assert.equal(existsSync(join(out, victim.output)), false);
});

test('filters exclude photos with their reason and can crop', async () => {
  const root = await tempDir();
  await makeRmfd(root, { a: [3, 1] });
  const out = await tempDir();
  const rejectFirst: PhotoFilter = {
    name: 'test-filter',
    check: async (_img, photo) => (photo.source.endsWith('/0.png') ? { keep: false, reason: 'no face' } : { keep: true, crop: { x: 0, y: 0, width: 40, height: 80 } }),
  };
  const report = await prepareDataset({ input: root, out, minUnmasked: 2 }, [rejectFirst]);
  assert.equal(report.excluded.find((e) => e.source.endsWith('/0.png'))!.reason, 'test-filter: no face');
  assert.equal((await readManifest(out)).entries.length, 3);
});

test('bad input: a missing folder and an unknown --people name are clear errors', async () => {
  await assert.rejects(prepareDataset({ input: '/nonexistent/x', out: await tempDir() }), (e) => isMaskfaceError(e) && e.code === 'MF_FILE_NOT_FOUND' && e.message.includes('/nonexistent/x'));
  const root = await tempDir();
  await makeRmfd(root, { a: [2, 1] });
  await assert.rejects(prepareDataset({ input: root, out: await tempDir(), people: ['zed'] }), /--people: 1 name/);
  await assert.rejects(prepareDataset({ input: root, out: root }), /output folder is the input folder/);
});

test('a corrupt manifest is refused with the fix', async () => {
  const dir = await tempDir();
  await writeFile(join(dir, 'manifest.json'), '{"version": 2}');
  await assert.rejects(readManifest(dir), (e) => isMaskfaceError(e) && e.code === 'MF_BAD_MANIFEST' && /prepare/i.test(e.message));
});

test('RMFD subset with --min-unmasked 5: exactly the people with 5 unmasked and a masked photo; 24 duplicates dropped', { skip: !existsSync(SHARED_RMFD) && 'no ../shared/datasets' }, async () => {
  const out = await tempDir();
  const report = await prepareDataset({ input: SHARED_RMFD, out, minUnmasked: 5 });
  assert.equal(report.excluded.filter((e) => e.reason.startsWith('duplicate')).length, 24);
  const manifest = await readManifest(out);
  const people = new Set(manifest.entries.map((e) => e.person));
  for (const person of people) {
    const mine = manifest.entries.filter((e) => e.person === person);
    assert.equal(mine.filter((e) => e.group === 'unmasked').length, 5, person);
    assert.ok(mine.some((e) => e.group === 'masked'), person);
  }
  assert.equal(people.size, report.peopleKept);
  assert.equal(report.peopleKept, 209);
  const json = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as { excluded: unknown[] };
  assert.equal(json.excluded.length, report.excluded.length);
});
