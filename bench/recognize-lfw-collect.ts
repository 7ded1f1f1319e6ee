/**
 * Collects the embeddings of issue 8's LFW open-set check once (enrolment photos with many synthetic
 * masks, masked probes, strangers), whole chip and upper face, into a JSON file, so matching rules
 * can be compared without embedding again (`bench/recognize-lfw-rules.ts`).
 *
 *   node --import tsx bench/recognize-lfw-collect.ts --dev --out /tmp/lfw-dev.json
 *
 * `--dlib` and `--mobileface` add those networks' vectors (`extra.dlib`, `extra.mobileface`).
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
import { cropFaceChip, mirror } from '../src/methods/face-crop.js';
import { loadFaceEncoder } from '../src/recognize/face-encoder.js';
import { ENROLMENT_MASKS } from '../src/recognize/landmark-mask-synthesizer.js';
import { faceView, resampleRegion } from '../src/methods/face-views.js';
import { l2Normalize } from '../src/methods/similarity.js';

const { values } = parseArgs({
  options: {
    dev: { type: 'boolean', default: false },
    out: { type: 'string', default: '/tmp/lfw-vectors.json' },
    people: { type: 'string', default: '20' },
    'probes-per-person': { type: 'string', default: '8' },
    strangers: { type: 'string', default: '200' },
    /** Also store the upper view cut at these fractions of the chip's height (comma-separated). */
    'upper-fractions': { type: 'string', default: '' },
    /** Also store dlib ResNet-34 embeddings (its own chip, with mirror). */
    dlib: { type: 'boolean', default: false },
    /** Also store MobileFace embeddings of the ArcFace-aligned chip, with (`mobileface`) and without (`mobileface-noflip`) the mirror. */
    mobileface: { type: 'boolean', default: false },
    /** Enrolment masks to store per photo (the first n of MASKS). */
    masks: { type: 'string', default: '8' },
  },
});
const LFW = resolve('../shared/datasets/lfw');
const STRANGERS = resolve('../shared/datasets/lfw-strangers');
const ENROL_PHOTOS = 3;
/** Candidate enrolment masks; a rule may use the first n of them: the gallery's 8, then 4 more. */
const MASKS: readonly MaskOptions[] = [
  ...ENROLMENT_MASKS,
  { type: 'surgical', color: 'pink', seed: 9 },
  { type: 'cloth', color: 'navy', pattern: 'check', seed: 10 },
  { type: 'kn95', color: 'black', seed: 11 },
  { type: 'cloth', color: 'beige', pattern: 'camo', seed: 12 },
];
const MASK_COUNT = Math.min(Number(values.masks), MASKS.length);
const UPPER_FRACTIONS = values['upper-fractions'] === '' ? [] : values['upper-fractions']!.split(',').map(Number);

const detector = await loadDetector({ kind: 'mtcnn' });
const landmarks = await loadLandmarks68();
const encoder = await loadFaceEncoder('faceres');
const dlib = values.dlib ? await loadFaceEncoder('dlib-resnet34', { flip: true }) : undefined;
const mobileface = values.mobileface ? await loadFaceEncoder('mobileface', { flip: false }) : undefined;

async function centralFace(image: RgbImage): Promise<FaceDetection | undefined> {
  const faces = await detector.detect(image, { minScore: 0.8 });
  const d = (f: FaceDetection): number => Math.hypot(f.box.x + f.box.width / 2 - image.width / 2, f.box.y + f.box.height / 2 - image.height / 2);
  return [...faces].sort((a, b) => d(a) - d(b))[0];
}

/** Whole chip (with mirror, as the default encoder) and upper face (chip's top part, with mirror). */
async function vectors(image: RgbImage, face: FaceDetection): Promise<{ full: number[]; upper: number[]; extra: Record<string, number[]> }> {
  const full = l2Normalize(await encoder.encode(image, face));
  const chip = cropFaceChip(image, face, encoder.crop);
  const upperView = async (fraction: number | undefined): Promise<number[]> => {
    const cut = (c: RgbImage): RgbImage => (fraction === undefined ? faceView(c, 'upper') : resampleRegion(c, { x: 0, y: 0, width: c.width, height: c.height * fraction }, c.width, c.width));
    const a = l2Normalize(await encoder.embedder.embed(cut(chip)));
    const b = l2Normalize(await encoder.embedder.embed(cut(mirror(chip))));
    return round([...l2Normalize(a.map((v, i) => v + b[i]!))]);
  };
  const extra: Record<string, number[]> = {};
  for (const f of UPPER_FRACTIONS) extra[`upper${f}`] = await upperView(f);
  if (dlib !== undefined) extra.dlib = round([...l2Normalize(await dlib.encode(image, face))]);
  if (mobileface !== undefined) {
    const aligned = cropFaceChip(image, face, mobileface.crop);
    const plain = l2Normalize(await mobileface.embedder.embed(aligned));
    const mirrored = l2Normalize(await mobileface.embedder.embed(mirror(aligned)));
    extra['mobileface-noflip'] = round([...plain]);
    extra.mobileface = round([...l2Normalize(plain.map((v, i) => v + mirrored[i]!))]);
  }
  return { full: round([...full]), upper: await upperView(undefined), extra };
}

/** Five decimals keep the JSON small; cosines change by < 1e-4. */
function round(v: number[]): number[] {
  return v.map((x) => Math.round(x * 1e5) / 1e5);
}

const allPeople = readdirSync(LFW).sort();
const step = Math.floor(allPeople.length / Number(values.people));
const offset = values.dev ? Math.floor(step / 2) : 0;
const people = allPeople.filter((_, i) => i % step === offset).slice(0, Number(values.people));
type Vectors = Awaited<ReturnType<typeof vectors>>;
const gallery: Array<{ person: string; photo: number; mask: number } & Vectors> = [];
const probes: Array<{ person: string } & Vectors> = [];
const strangers: Vectors[] = [];
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
      for (const [m, mask] of MASKS.slice(0, MASK_COUNT).entries()) gallery.push({ person, photo: i, mask: m, ...(await vectors(insertMask(image, points, mask), face)) });
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
dlib?.dispose();
mobileface?.dispose();
landmarks.dispose();
detector.dispose();
