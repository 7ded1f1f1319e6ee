/**
 * Collects the embeddings of issue 8's LFW open-set check once (enrolment photos with many synthetic
 * masks, masked probes, strangers), whole chip and upper face, into a JSON file, so matching rules
 * can be compared without embedding again (`bench/recognize-lfw-rules.ts`).
 *
 *   node --import tsx bench/recognize-lfw-collect.ts --dev --out /tmp/lfw-dev.json
 *
 * `--dev` takes 20 other LFW people (between the standard ones in the bench's order) and strangers
 * 200-399, so rules are chosen without looking at the standard people or strangers.
 */
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDetector } from '../src/face/index.js';
import { load as loadLandmarks68 } from '../src/face/landmarks68/index.js';
import type { FaceDetection } from '../src/face/types.js';
import { decodeImage } from '../src/image/io.js';
import type { RgbImage } from '../src/image/types.js';
import { insertMask, type MaskOptions } from '../src/mask/index.js';
import { cropFaceChip, mirror } from '../src/recognize/face-crop.js';
import { loadFaceEncoder } from '../src/recognize/face-encoder.js';
import { faceView } from '../src/recognize/methods/face-views.js';
import { l2Normalize } from '../src/recognize/similarity.js';

const { values } = parseArgs({
  options: {
    dev: { type: 'boolean', default: false },
    out: { type: 'string', default: '/tmp/lfw-vectors.json' },
    people: { type: 'string', default: '20' },
    'probes-per-person': { type: 'string', default: '8' },
    strangers: { type: 'string', default: '200' },
  },
});
const LFW = resolve('../shared/datasets/lfw');
const STRANGERS = resolve('../shared/datasets/lfw-strangers');
const ENROL_PHOTOS = 3;
/** Candidate enrolment masks; a rule may use the first n of them. */
const MASKS: readonly MaskOptions[] = [
  { type: 'surgical', color: 'light-blue', seed: 1 },
  { type: 'cloth', color: 'black', seed: 2 },
  { type: 'kn95', color: 'white', seed: 3 },
  { type: 'n95', color: 'white', seed: 4 },
  { type: 'surgical', color: 'white', seed: 5 },
  { type: 'cloth', color: 'light-blue', pattern: 'stripes', seed: 6 },
  { type: 'gas', color: 'charcoal', seed: 7 },
  { type: 'cloth', color: 'red', pattern: 'dots', seed: 8 },
];

const detector = await loadDetector({ kind: 'mtcnn' });
const landmarks = await loadLandmarks68();
const encoder = await loadFaceEncoder('faceres');

async function centralFace(image: RgbImage): Promise<FaceDetection | undefined> {
  const faces = await detector.detect(image, { minScore: 0.8 });
  const d = (f: FaceDetection): number => Math.hypot(f.box.x + f.box.width / 2 - image.width / 2, f.box.y + f.box.height / 2 - image.height / 2);
  return [...faces].sort((a, b) => d(a) - d(b))[0];
}

/** Whole chip (with mirror, as the default encoder) and upper face (chip's top part, with mirror). */
async function vectors(image: RgbImage, face: FaceDetection): Promise<{ full: number[]; upper: number[] }> {
  const full = l2Normalize(await encoder.encode(image, face));
  const chip = cropFaceChip(image, face, encoder.crop);
  const a = l2Normalize(await encoder.embedder.embed(faceView(chip, 'upper')));
  const b = l2Normalize(await encoder.embedder.embed(faceView(mirror(chip), 'upper')));
  return { full: [...full], upper: [...l2Normalize(a.map((v, i) => v + b[i]!))] };
}

const allPeople = readdirSync(LFW).sort();
const step = Math.floor(allPeople.length / Number(values.people));
const offset = values.dev ? Math.floor(step / 2) : 0;
const people = allPeople.filter((_, i) => i % step === offset).slice(0, Number(values.people));
const gallery: Array<{ person: string; photo: number; mask: number; full: number[]; upper: number[] }> = [];
const probes: Array<{ person: string; full: number[]; upper: number[] }> = [];
const strangers: Array<{ full: number[]; upper: number[] }> = [];
let seed = values.dev ? 5000 : 100;
const started = performance.now();
for (const person of people) {
  const files = readdirSync(join(LFW, person)).sort();
  for (const [i, file] of files.slice(0, ENROL_PHOTOS + Number(values['probes-per-person'])).entries()) {
    const image = await decodeImage(join(LFW, person, file));
    const face = await centralFace(image);
    if (face === undefined) continue;
    const points = await landmarks.detect(image, face.box);
    if (i < ENROL_PHOTOS) {
      gallery.push({ person, photo: i, mask: -1, ...(await vectors(image, face)) });
      for (const [m, mask] of MASKS.entries()) gallery.push({ person, photo: i, mask: m, ...(await vectors(insertMask(image, points, mask), face)) });
    } else {
      const masked = insertMask(image, points, { type: 'random', color: 'random', pattern: 'random', seed: seed++ });
      probes.push({ person, ...(await vectors(masked, face)) });
    }
  }
  console.log(`${person} ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
const names = readdirSync(STRANGERS).sort();
const from = values.dev ? 200 : 0;
for (const name of names.slice(from, from + Number(values.strangers))) {
  const dir = join(STRANGERS, name);
  for (const file of readdirSync(dir)) {
    const image = await decodeImage(join(dir, file));
    const face = await centralFace(image);
    if (face === undefined) continue;
    strangers.push(await vectors(image, face));
  }
}
await writeFile(values.out, JSON.stringify({ people, gallery, probes, strangers }));
console.log(`${gallery.length} gallery, ${probes.length} probes, ${strangers.length} strangers, ${((performance.now() - started) / 1000).toFixed(0)} s`);
encoder.dispose();
landmarks.dispose();
detector.dispose();
