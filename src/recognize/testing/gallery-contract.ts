/**
 * The tests every gallery store passes (SQLite file, PostgreSQL schema): enrolment and its
 * summaries, unit-length embeddings per embedder, re-enrolling a photo as a no-op, all-or-nothing
 * writes, calibrations, removal, meta kept across reopening, refusals with a fix, and change
 * notifications seen by a second connection. Each store's test file calls this once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OpenGalleryOptions } from '../gallery-store/common.js';
import type { EnrolmentSample, Gallery, GalleryChange, SampleKind } from '../gallery.js';
import { GalleryWatch } from '../gallery-watch.js';
import { GalleryIndex } from '../open-set.js';

/** Vectors come back as stored float32 after normalisation. */
const FLOAT_TOLERANCE = 1e-6;
/** Longest wait for a change made through another connection to be reported, in ms. */
const CHANGE_TIMEOUT_MS = 5_000;
const CROP = { scale: 1.15, size: 224, flip: true } as const;

export interface GalleryStoreFixture {
  /** A location where no gallery exists yet (a new file path, a new schema's URL). */
  fresh(): string;
  open(location: string, options?: OpenGalleryOptions): Promise<Gallery>;
  /** A location holding something that is not a gallery. */
  notAGallery(): Promise<string>;
}

export const sample = (values: number[], kind: SampleKind = 'unmasked', hash = 'h', embedder = 'faceres', mask?: string): EnrolmentSample =>
  ({ embedder, vector: Float32Array.from(values), sourceHash: hash, source: `${hash}.jpg`, kind, ...(mask === undefined ? {} : { mask }) });

/** Resolves with the first change `gallery` reports that `accept` takes, or rejects after the timeout. */
export async function nextChange(gallery: Gallery, accept: (change: GalleryChange) => boolean = () => true): Promise<{ change: Promise<GalleryChange>; stop: () => void }> {
  let resolve: (change: GalleryChange) => void = () => undefined;
  const change = new Promise<GalleryChange>((ok, fail) => {
    resolve = ok;
    setTimeout(() => fail(new Error(`no change reported by ${gallery.location} within ${CHANGE_TIMEOUT_MS} ms`)), CHANGE_TIMEOUT_MS).unref();
  });
  const stop = await gallery.onChange((c) => { if (accept(c)) resolve(c); });
  return { change, stop };
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + CHANGE_TIMEOUT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function galleryContractTests(name: string, store: GalleryStoreFixture): void {
  test(`${name}: enrols people with per-kind counts, unit-length vectors per embedder, a calibration, removal, and reopens with its meta`, async () => {
    const location = store.fresh();
    const gallery = await store.open(location, { create: true, embedder: 'faceres', crop: CROP });
    try {
      const ada = await gallery.enrol('Ada', [sample([3, 4]), sample([0, 2], 'synthetic-masked', 'h', 'faceres', 'surgical'), sample([1, 1, 1], 'masked', 'h2', 'dlib-resnet34')]);
      assert.deepEqual([ada.name, ada.samples, ada.unmasked, ada.masked, ada.syntheticMasked], ['Ada', 3, 1, 1, 1]);
      assert.match(ada.enrolledAt, /^\d{4}-\d\d-\d\dT/);
      await gallery.enrol('Bob', [sample([1, 0], 'masked', 'h3')]);
      await gallery.enrol('Cy', []);
      await gallery.saveCalibration({ embedder: 'faceres', threshold: 0.4, targetFar: 0.05, far: 0.04, strangers: 25, calibratedAt: 'then' });
      await gallery.saveCalibration({ embedder: 'faceres', threshold: 0.5, rule: 'top3-mean', targetFar: 0.05, far: 0.05, strangers: 30, genuine: 4, frr: 0.25, calibratedAt: 'now' });
      await gallery.saveCalibration({ embedder: 'dlib-resnet34', threshold: 0.9, targetFar: 0.01, far: 0, strangers: 5, calibratedAt: 'now' });
    } finally {
      await gallery.close();
    }
    const reopened = await store.open(location);
    try {
      assert.equal(reopened.embedder, 'faceres');
      assert.deepEqual(reopened.crop, CROP);
      assert.deepEqual((await reopened.people()).map((p) => [p.name, p.samples]), [['Ada', 3], ['Bob', 1], ['Cy', 0]]);
      const faceres = await reopened.embeddings('faceres');
      assert.deepEqual(faceres.map((e) => [e.person, e.kind]), [['Ada', 'unmasked'], ['Ada', 'synthetic-masked'], ['Bob', 'masked']]);
      assert.ok(Math.abs(faceres[0]!.vector[0]! - 0.6) < FLOAT_TOLERANCE && Math.abs(faceres[0]!.vector[1]! - 0.8) < FLOAT_TOLERANCE);
      const dlib = await reopened.embeddings('dlib-resnet34');
      assert.equal(dlib.length, 1);
      assert.ok(Math.abs(dlib[0]!.vector[2]! - 1 / Math.sqrt(3)) < FLOAT_TOLERANCE);
      assert.deepEqual(await reopened.embeddings('mobileface'), []);
      assert.deepEqual(await reopened.calibration('faceres'), { embedder: 'faceres', threshold: 0.5, rule: 'top3-mean', targetFar: 0.05, far: 0.05, strangers: 30, genuine: 4, frr: 0.25, calibratedAt: 'now' });
      assert.equal((await reopened.calibration('dlib-resnet34'))?.threshold, 0.9);
      assert.equal(await reopened.calibration('mobileface'), undefined);
      await reopened.remove('Ada');
      assert.deepEqual((await reopened.people()).map((p) => p.name), ['Bob', 'Cy']);
      assert.equal((await reopened.embeddings('faceres')).length, 1);
      assert.deepEqual(await reopened.embeddings('dlib-resnet34'), []);
      await assert.rejects(reopened.remove('Ada'), { code: 'MF_UNKNOWN_PERSON' });
    } finally {
      await reopened.close();
    }
  });

  test(`${name}: re-enrolling the same photo is a no-op, a new photo or mask adds a sample, the first enrolment time stays`, async () => {
    const gallery = await store.open(store.fresh(), { create: true });
    try {
      const first = await gallery.enrol('Ada', [sample([3, 4]), sample([0, 2], 'synthetic-masked', 'h', 'faceres', 'cloth')]);
      const again = await gallery.enrol('Ada', [sample([3, 4]), sample([0, 2], 'synthetic-masked', 'h', 'faceres', 'cloth')]);
      assert.deepEqual(again, first);
      const more = await gallery.enrol('Ada', [sample([3, 4]), sample([1, 2], 'synthetic-masked', 'h', 'faceres', 'n95'), sample([5, 1], 'unmasked', 'h4')]);
      assert.deepEqual([more.samples, more.unmasked, more.syntheticMasked, more.enrolledAt], [4, 2, 2, first.enrolledAt]);
      assert.equal((await gallery.embeddings('faceres')).length, 4);
    } finally {
      await gallery.close();
    }
  });

  test(`${name}: an enrolment that fails half-way writes nothing`, async () => {
    const gallery = await store.open(store.fresh(), { create: true });
    try {
      const bad = { ...sample([1, 1], 'unmasked', 'x'), kind: 'blurry' as SampleKind };
      await assert.rejects(gallery.enrol('Cy', [sample([1, 2]), bad]));
      assert.deepEqual(await gallery.people(), []);
      assert.deepEqual(await gallery.embeddings('faceres'), []);
      await assert.rejects(gallery.enrol('Cy', [sample([0, 0])]), { code: 'MF_INVALID_ARGUMENT' });
      assert.deepEqual(await gallery.people(), []);
    } finally {
      await gallery.close();
    }
  });

  test(`${name}: a missing gallery, or something that is not one, is refused with a fix; an existing gallery keeps its embedder`, async () => {
    const missing = store.fresh();
    await assert.rejects(store.open(missing), (err: Error & { code?: string }) => err.code === 'MF_FILE_NOT_FOUND' && /maskface enroll/.test(err.message));
    await assert.rejects(store.open(await store.notAGallery()), (err: Error & { code?: string }) => err.code === 'MF_BAD_GALLERY' && /not a maskface gallery/.test(err.message));
    const location = store.fresh();
    await (await store.open(location, { create: true, embedder: 'dlib-resnet34' })).close();
    const existing = await store.open(location, { create: true, embedder: 'faceres', crop: CROP });
    assert.equal(existing.embedder, 'dlib-resnet34');
    assert.equal(existing.crop, undefined);
    await existing.close();
  });

  test(`${name}: a change committed through one connection is reported to another, and to the writer as local`, async () => {
    const location = store.fresh();
    const writer = await store.open(location, { create: true });
    const reader = await store.open(location);
    try {
      const seen = await nextChange(reader);
      const own = await nextChange(writer);
      await writer.enrol('Ada', [sample([1, 0])]);
      assert.equal((await seen.change).local, false);
      assert.deepEqual(await own.change, { kind: 'enrol', person: 'Ada', local: true });
      seen.stop();
      own.stop();
      const removal = await nextChange(reader, (c) => c.kind !== 'enrol');
      await writer.remove('Ada');
      assert.ok(['remove', 'unknown'].includes((await removal.change).kind));
      removal.stop();
    } finally {
      await reader.close();
      await writer.close();
    }
  });

  test(`${name}: a GalleryWatch on one connection rebuilds its index when another connection enrols`, async () => {
    const location = store.fresh();
    const writer = await store.open(location, { create: true });
    const reader = await store.open(location);
    try {
      await writer.enrol('Ada', [sample([1, 0])]);
      const watch = await GalleryWatch.start(reader, async () => new GalleryIndex(await reader.embeddings('faceres')));
      assert.equal((await watch.current()).size, 1);
      await writer.enrol('Bob', [sample([0, 1])]);
      await waitFor(() => watch.latest.size === 2, 'the watch to see Bob');
      assert.equal(watch.latest.identify(Float32Array.from([0, 1]), 0.5).name, 'Bob');
      watch.stop();
    } finally {
      await reader.close();
      await writer.close();
    }
  });
}
