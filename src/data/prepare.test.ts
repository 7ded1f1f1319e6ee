import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { makeRmfd, photoBytes, tempDir, writeFileMkdir } from '../../test/helpers/synthetic-dataset.js';
import { isMaskfaceError } from '../errors.js';
import type { RgbImage } from '../image/types.js';
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

/**
 * A stand-in for faceres: each photo of makeRmfd (one solid colour per seed) gets its own axis, except
 * the seeds in `twins`, which get vectors at cosine 0.95 of each other (above 0.85: near-duplicates).
 */
function fakeVectoriser(seeds: number, twins: readonly [number, number]) {
  const colour = (seed: number): [number, number, number] => [(seed * 37) % 256, (seed * 91) % 256, (seed * 53 + 7) % 256];
  return {
    name: 'fake',
    embed: async (image: RgbImage): Promise<Float32Array> => {
      const centre = ((image.height >> 1) * image.width + (image.width >> 1)) * 3;
      const pixel = [...image.data.subarray(centre, centre + 3)];
      let seed = 1;
      for (let k = 1; k <= seeds; k++) {
        const off = (s: number): number => colour(s).reduce((sum, c, i) => sum + Math.abs(c - pixel[i]!), 0);
        if (off(k) < off(seed)) seed = k;
      }
      // Twice as long as needed: the vector is normalised by prepare, not here.
      const vector = new Float32Array(seeds + 1);
      if (seed === twins[1]) vector.set([2 * 0.95, 2 * Math.sqrt(1 - 0.95 ** 2)], twins[0]);
      else vector[seed] = 2;
      return vector;
    },
  };
}

test('near-duplicates of one person land on one side of the split, and the report counts them', async () => {
  const root = await tempDir();
  // Seeds 1-10: a's unmasked photos (test share 2); 1 and 2 (0.png, 1.png) are near-duplicates.
  await makeRmfd(root, { a: [10, 3], b: [5, 2] });
  const twins = ['AFDB_face_dataset/a/0.png', 'AFDB_face_dataset/a/1.png'];
  // A pair goes to test only when it is reached while a's share has room for both: seeds 16 and 19
  // hold it out, 1 and 42 keep it in training (as the split draws them; no seed below 16 holds it out).
  const sides = new Map<number, string>();
  for (const seed of [1, 16, 19, 42]) {
    const out = await tempDir();
    const report = await prepareDataset({ input: root, out, minUnmasked: 2, seed, nearDuplicates: { vectoriser: fakeVectoriser(20, [1, 2]), cosine: 0.85 } });
    assert.deepEqual(report.nearDuplicates, { embedder: 'fake', cosine: 0.85, groups: 1, photos: 2, heldTogether: '1 group of 2 photos kept on one side of the split (fake cosine > 0.85)' });
    const entries = (await readManifest(out)).entries;
    const pair = twins.map((t) => entries.find((e) => e.output === t)!);
    assert.equal(pair[0]!.split, pair[1]!.split, `seed ${seed}`);
    assert.deepEqual(pair.map((e) => e.nearDuplicateGroup), [0, 0]);
    assert.equal(entries.filter((e) => e.nearDuplicateGroup !== undefined).length, 2, 'photos alone carry no group');
    assert.ok(entries.filter((e) => e.person === 'a' && e.group === 'unmasked' && e.split === 'test').length <= 2, 'never over the share');
    sides.set(seed, pair[0]!.split);
  }
  assert.deepEqual(Object.fromEntries(sides), { 1: 'train', 16: 'test', 19: 'test', 42: 'train' });
  const root2 = await tempDir();
  await makeRmfd(root2, { a: [2, 1] });
  const plain = await prepareDataset({ input: root2, out: await tempDir(), minUnmasked: 2 });
  assert.equal(plain.nearDuplicates, 'not grouped');
  await assert.rejects(prepareDataset({ input: root2, out: await tempDir(), nearDuplicates: { vectoriser: fakeVectoriser(3, [1, 2]), cosine: 1 } }), /--near-duplicate: expected a cosine between 0 and 1/);
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
