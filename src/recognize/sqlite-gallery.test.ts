import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { EnrolmentSample, SampleKind } from './gallery.js';
import { SCORE_RULE } from './open-set.js';
import { DEFAULT_THRESHOLDS, galleryThreshold } from './recognizer.js';
import { openSqliteGallery } from './sqlite-gallery.js';
import { galleryContractTests } from './testing/gallery-contract.js';

/** Vectors come back as stored float32 after normalisation. */
const FLOAT_TOLERANCE = 1e-6;
const dir = mkdtempSync(join(tmpdir(), 'maskface-gallery-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let galleries = 0;
galleryContractTests('sqlite', {
  fresh: () => join(dir, `contract-${++galleries}.db`),
  open: async (path, options) => openSqliteGallery(path, options),
  async notAGallery() {
    const path = join(dir, `text-${++galleries}.db`);
    writeFileSync(path, 'hello, I am text');
    return path;
  },
});

const sample = (values: number[], kind: SampleKind = 'unmasked', hash = 'h'): EnrolmentSample =>
  ({ embedder: 'faceres', vector: Float32Array.from(values), sourceHash: hash, source: `${hash}.jpg`, kind });

test('a new gallery stores people, unit-length embeddings and a calibration, and reopens', async () => {
  const path = join(dir, 'a.db');
  const gallery = openSqliteGallery(path, { create: true, embedder: 'faceres', crop: { scale: 1.15, size: 224, flip: true } });
  const summary = await gallery.enrol('Ada', [sample([3, 4]), sample([0, 2], 'synthetic-masked', 'h2')]);
  assert.deepEqual([summary.unmasked, summary.syntheticMasked, summary.samples], [1, 1, 2]);
  await gallery.enrol('Bob', [sample([1, 0], 'masked', 'h3')]);
  await gallery.saveCalibration({ embedder: 'faceres', threshold: 0.4, targetFar: 0.05, far: 0.04, strangers: 25, calibratedAt: 'now' });
  gallery.close();
  const reopened = openSqliteGallery(path);
  assert.equal(reopened.embedder, 'faceres');
  assert.deepEqual(reopened.crop, { scale: 1.15, size: 224, flip: true });
  assert.deepEqual((await reopened.people()).map((p) => p.name), ['Ada', 'Bob']);
  const vectors = await reopened.embeddings('faceres');
  assert.equal(vectors.length, 3);
  assert.ok(Math.abs(vectors[0]!.vector[0]! - 0.6) < FLOAT_TOLERANCE && Math.abs(vectors[0]!.vector[1]! - 0.8) < FLOAT_TOLERANCE);
  assert.equal((await reopened.calibration('faceres'))?.threshold, 0.4);
  assert.equal((await reopened.embeddings('dlib-resnet34')).length, 0);
  await reopened.remove('Ada');
  assert.deepEqual((await reopened.people()).map((p) => p.name), ['Bob']);
  assert.equal((await reopened.embeddings('faceres')).length, 1);
  await assert.rejects(reopened.remove('Ada'), { code: 'MF_UNKNOWN_PERSON' });
  reopened.close();
});

test('an enrolment that fails half-way writes nothing', async () => {
  const gallery = openSqliteGallery(join(dir, 'b.db'), { create: true });
  const bad = { ...sample([1, 1], 'unmasked', 'x'), kind: 'blurry' as SampleKind };
  await assert.rejects(gallery.enrol('Cy', [sample([1, 2]), bad]));
  assert.deepEqual(await gallery.people(), []);
  gallery.close();
});

test('a missing gallery or a file that is not one is refused with a fix', () => {
  assert.throws(() => openSqliteGallery(join(dir, 'missing.db')), { code: 'MF_FILE_NOT_FOUND' });
  const notGallery = join(dir, 'not.db');
  writeFileSync(notGallery, 'hello, I am text');
  assert.throws(() => openSqliteGallery(notGallery), { code: 'MF_BAD_GALLERY' });
});

test('a calibration from before top-3 pooling (no rule) is not used: the embedder default applies until recalibrated', async () => {
  const gallery = openSqliteGallery(join(dir, 'old.db'), { create: true, embedder: 'faceres', crop: { scale: 1.15, size: 224, flip: true } });
  await gallery.enrol('Ada', [sample([3, 4])]);
  await gallery.saveCalibration({ embedder: 'faceres', threshold: 0.9, targetFar: 0.05, far: 0.05, strangers: 20, calibratedAt: 'then' });
  assert.equal(await galleryThreshold(gallery, 'faceres'), DEFAULT_THRESHOLDS.faceres);
  await gallery.saveCalibration({ embedder: 'faceres', threshold: 0.5, rule: SCORE_RULE, targetFar: 0.05, far: 0.05, strangers: 20, calibratedAt: 'now' });
  assert.equal(await galleryThreshold(gallery, 'faceres'), 0.5);
  assert.equal(await galleryThreshold(gallery, 'no-such-embedder'), undefined);
  gallery.close();
});
