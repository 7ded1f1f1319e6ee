import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { getTf } from '../engine/tf.js';
import { decodeImage } from '../image/io.js';
import { enrolPerson } from './enrol.js';
import { DEFAULT_EMBEDDER } from './embedder-names.js';
import { ENROLMENT_MASKS, loadMaskSynthesizer } from './landmark-mask-synthesizer.js';
import { UNKNOWN } from './open-set.js';
import { recognizeMedia } from './recognize-media.js';
import { recognizePhoto } from './recognize-photo.js';
import { GalleryRecognizer, galleryThresholdWithSource } from './recognizer.js';
import { type GallerySession, openGallerySession } from './session.js';
import type { FaceRecord } from './video/recognize-video.js';

const PRESS = resolve('../shared/datasets/media/press');
const STRANGER = resolve('../shared/datasets/lfw-strangers');
/** Frames of the Hamilton clip's first shot cut out for the video test (Lin-Manuel Miranda on stage). */
const CLIP_FRAMES = 12;
/**
 * Cosine threshold of the plain-faceres test (an encoder that is not the default): the press photos
 * are years apart, obama2 scores about 0.6 against obama. The default encoder's tests use the
 * threshold the gallery sets itself from the shipped stranger cohort, as a user's gallery does.
 */
const FACERES_PRESS_THRESHOLD = 0.55;

const dir = mkdtempSync(join(tmpdir(), 'maskface-recognize-'));
let session: GallerySession;
before(async () => {
  session = await openGallerySession(join(dir, 'g.db'), { create: true, maskSynthesizer: () => loadMaskSynthesizer() });
});
after(() => {
  session.close();
  rmSync(dir, { recursive: true, force: true });
});

test('enrolment from one unmasked photo adds synthetic masked samples; identify names the person and calls a stranger unknown', async () => {
  const report = await enrolPerson(session, 'Barack Obama', [join(PRESS, 'obama.jpg')]);
  assert.equal(report.added.unmasked, 1);
  assert.equal(report.added['synthetic-masked'], ENROLMENT_MASKS.length);
  assert.equal(session.encoder.name, DEFAULT_EMBEDDER);
  assert.equal(session.gallery.embedder, DEFAULT_EMBEDDER);
  await enrolPerson(session, 'Lin-Manuel Miranda', [join(PRESS, 'lin-manuel-miranda.png')], { noSyntheticMasks: true });
  const recognizer = await GalleryRecognizer.create(session.gallery, session.encoder, session.maskClassifier === undefined ? {} : { maskClassifier: session.maskClassifier });
  assert.equal((await galleryThresholdWithSource(session.gallery, session.encoder.name))?.source, 'cohort');
  const tf = await getTf();
  const photo = await decodeImage(join(PRESS, 'obama2.jpg'));
  const tensors = tf.memory().numTensors;
  const [face] = await recognizePhoto(session.detector, recognizer, photo);
  assert.equal(tf.memory().numTensors, tensors);
  assert.equal(face?.name, 'Barack Obama', JSON.stringify(face?.candidates));
  assert.equal(face?.masked, false);
  const strangerDir = join(STRANGER, 'AJ_Lamas');
  const stranger = await decodeImage(join(strangerDir, readdirSync(strangerDir)[0]!));
  const [unknown] = await recognizePhoto(session.detector, recognizer, stranger);
  assert.equal(unknown?.name, UNKNOWN, JSON.stringify(unknown?.candidates));
  await assert.rejects(enrolPerson(session, 'Nobody', [join(PRESS, 'no-such.jpg')]), { code: 'MF_FILE_NOT_FOUND' });
});

test('a video goes through ffmpeg frame by frame: same frame count out, one record per tracked face per frame', async () => {
  const clip = join(dir, 'clip.mp4');
  const cut = spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', join(PRESS, 'short_hamilton_clip.mp4'), '-frames:v', String(CLIP_FRAMES), '-c:v', 'libx264', '-preset', 'ultrafast', '-an', clip]);
  assert.equal(cut.status, 0);
  const recognizer = await GalleryRecognizer.create(session.gallery, session.encoder, session.maskClassifier === undefined ? {} : { maskClassifier: session.maskClassifier });
  const records: FaceRecord[] = [];
  const out = join(dir, 'out.mp4');
  const summary = await recognizeMedia(clip, out, session.detector, recognizer, { detectEvery: 4, onRecord: (r) => records.push(r) });
  assert.equal(summary.kind, 'video');
  const frames = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', out], { encoding: 'utf8' }).stdout.trim();
  assert.equal(Number(frames), CLIP_FRAMES);
  assert.ok(records.some((r) => r.name === 'Lin-Manuel Miranda'), JSON.stringify(records.slice(0, 3)));
  assert.deepEqual([...new Set(records.map((r) => r.frame))].length, CLIP_FRAMES);
});

test('a gallery of plain faceres vectors (made before faceres+upper) still opens and identifies with its own encoder', async () => {
  const old = await openGallerySession(join(dir, 'old.db'), { create: true, embedder: 'faceres' });
  try {
    assert.equal(old.encoder.name, 'faceres');
    assert.equal(old.encoder.crop.upper, undefined);
    await enrolPerson(old, 'Barack Obama', [join(PRESS, 'obama.jpg')]);
    const recognizer = await GalleryRecognizer.create(old.gallery, old.encoder, { threshold: FACERES_PRESS_THRESHOLD });
    const [face] = await recognizePhoto(old.detector, recognizer, await decodeImage(join(PRESS, 'obama2.jpg')));
    assert.equal(face?.name, 'Barack Obama', JSON.stringify(face?.candidates));
  } finally {
    old.close();
  }
});
