import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { scanDataset } from '../data/layout.js';
import { loadDetector } from '../face/detectors.js';
import { load as loadLandmarks, type Landmarks68Model } from '../face/landmarks68/index.js';
import type { FaceDetector } from '../face/types.js';
import { createImage } from '../image/types.js';
import { decodeImage, writeImage } from '../image/io.js';
import { contactSheet, maskDataset, maskPhoto, photoSeed, type MaskDatasetReport } from './index.js';

const LFW = resolve('../shared/datasets/lfw');
let dir: string;
let detector: FaceDetector;
let landmarks: Landmarks68Model;
let report: MaskDatasetReport;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'maskface-mask-'));
  const input = join(dir, 'in');
  await mkdir(join(input, 'Jackie_Chan'), { recursive: true });
  await mkdir(join(input, 'Hugo_Chavez'), { recursive: true });
  await copyFile(join(LFW, 'Jackie_Chan/Jackie_Chan_0002.jpg'), join(input, 'Jackie_Chan/Jackie_Chan_0002.jpg'));
  await copyFile(join(LFW, 'Hugo_Chavez/Hugo_Chavez_0003.jpg'), join(input, 'Hugo_Chavez/Hugo_Chavez_0003.jpg'));
  await writeImage(join(input, 'Hugo_Chavez/wall.png'), createImage(120, 120, 128));
  await writeFile(join(input, 'Hugo_Chavez/broken.jpg'), 'not a jpeg');
  detector = await loadDetector({ kind: 'mtcnn' });
  landmarks = await loadLandmarks();
  report = await maskDataset(input, join(dir, 'out'), detector, landmarks, { mask: { type: 'random', seed: 5 } });
});

after(async () => {
  detector.dispose();
  landmarks.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('masks every photo with a face, reports the faceless and the unreadable ones', () => {
  assert.equal(report.people, 2);
  assert.equal(report.photos, 4);
  assert.deepEqual(report.masked.map((m) => m.source).sort(), ['Hugo_Chavez/Hugo_Chavez_0003.jpg', 'Jackie_Chan/Jackie_Chan_0002.jpg']);
  assert.deepEqual(report.noFace, ['Hugo_Chavez/wall.png']);
  assert.deepEqual(report.unreadable.map((u) => u.file), ['Hugo_Chavez/broken.jpg']);
});

test('writes an RMFD-layout dataset: masked copies, byte-identical unmasked originals, report.json', async () => {
  const out = join(dir, 'out');
  const scanned = await scanDataset(out);
  assert.equal(scanned.layout, 'rmfd');
  const jackie = scanned.people.find((p) => p.name === 'Jackie_Chan');
  assert.equal(jackie?.masked.length, 1);
  assert.deepEqual(await readFile(join(out, 'AFDB_face_dataset/Jackie_Chan/Jackie_Chan_0002.jpg')), await readFile(join(LFW, 'Jackie_Chan/Jackie_Chan_0002.jpg')));
  for (const m of report.masked) {
    assert.match(m.output, new RegExp(`^AFDB_masked_face_dataset/[^/]+/[^/]+_${m.type}\\.jpg$`));
    const image = await decodeImage(join(out, m.output));
    assert.deepEqual([image.width, image.height], [250, 250]);
  }
  const saved = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as MaskDatasetReport;
  assert.deepEqual(saved.noFace, report.noFace);
});

test('each photo draws its random mask from the seed and its own path, not from the order of work', () => {
  assert.equal(photoSeed(5, 'a/b.jpg'), photoSeed(5, 'a/b.jpg'));
  assert.notEqual(photoSeed(5, 'a/b.jpg'), photoSeed(5, 'a/c.jpg'));
  assert.notEqual(photoSeed(5, 'a/b.jpg'), photoSeed(6, 'a/b.jpg'));
});

test('maskPhoto masks every face with faces: all, and returns a faceless photo as it was', async () => {
  const group = await decodeImage(resolve('../shared/datasets/media/tv/bbt3.jpg'));
  const all = await maskPhoto(group, detector, landmarks, { faces: 'all', type: 'surgical', detect: { minScore: 0.95 } });
  const largest = await maskPhoto(group, detector, landmarks, { type: 'surgical', detect: { minScore: 0.95 } });
  assert.equal(all.faces, 5);
  assert.equal(largest.faces, 1);
  assert.equal(all.options?.type, 'surgical');
  const wall = createImage(80, 80, 128);
  const none = await maskPhoto(wall, detector, landmarks);
  assert.equal(none.faces, 0);
  assert.equal(none.image, wall);
  assert.equal(none.options, undefined);
});

test('refuses to write into the input dataset', async () => {
  await assert.rejects(maskDataset(join(dir, 'in'), join(dir, 'in'), detector, landmarks), (err: Error & { code?: string }) => err.code === 'MF_INVALID_ARGUMENT');
});

test('contactSheet lays tiles out in rows with gaps', () => {
  const sheet = contactSheet([createImage(50, 40, 0), createImage(40, 40, 0), createImage(40, 40, 0)], { columns: 2, tileSize: 10, gap: 2 });
  assert.deepEqual([sheet.width, sheet.height], [2 * 10 + 3 * 2, 2 * 10 + 3 * 2]);
  assert.equal(sheet.data[0], 255);
  assert.equal(sheet.data[(2 * sheet.width + 2) * 3], 0);
});
