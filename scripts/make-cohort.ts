/**
 * Makes the stranger cohorts shipped in src/methods/cohort/data/: for every built-in encoder, the
 * vectors of LFW strangers 200-399 (lfw-strangers, sorted by name; strangers 0-199 are the
 * recognition benchmarks' held-out strangers and stay out), each photo once as it is and once with
 * a synthetic mask drawn at random (type, colour and pattern; seed COHORT_MASK_SEED + i), detected
 * with MTCNN at the enrolment score (0.8). Photos without a face are left out and listed.
 *
 * Random masks, not the gallery's own enrolment masks: a real stranger's mask is some other mask, as a
 * probe's is. It hardly moves the masked threshold (default encoder, four press-photo people:
 * 0.7053 against 0.7087 with the enrolment masks; LFW standard check: see docs/recognition.md): a
 * masked stranger scores high against synthetic-masked samples whatever the mask.
 *
 *   node --import tsx scripts/make-cohort.ts [--datasets ../shared/datasets] [--encoders a,b] [--from 200] [--count 200]
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDetector } from '../src/face/index.js';
import type { FaceDetection } from '../src/face/types.js';
import { decodeImage, isImagePath, writeFileAtomic } from '../src/image/io.js';
import type { RgbImage } from '../src/image/types.js';
import { COHORT_FORMAT, type CohortFile, cohortPath } from '../src/methods/cohort/cohort.js';
import { encodeHalfBase64 } from '../src/methods/cohort/float16.js';
import { loadFaceEncoder } from '../src/recognize/face-encoder.js';
import { EMBEDDER_NAMES } from '../src/recognize/embedder-names.js';
import { DEFAULT_MIN_FACE_SCORE } from '../src/recognize/enrol.js';
import { detectFaces } from '../src/recognize/faces-in-photo.js';
import type { MaskOptions } from '../src/mask/index.js';
import { loadMaskSynthesizer } from '../src/recognize/landmark-mask-synthesizer.js';

const { values } = parseArgs({ options: {
  datasets: { type: 'string', default: '../shared/datasets' },
  encoders: { type: 'string', default: EMBEDDER_NAMES.join(',') },
  from: { type: 'string', default: '200' },
  count: { type: 'string', default: '200' },
} });

const SOURCE = 'Labeled Faces in the Wild (University of Massachusetts, Amherst; deep-funneled 250x250, Huang, Mattar, Lee and Learned-Miller, NIPS 2012), '
  + 'people with fewer than 10 photos (the lfw-strangers folder), one photo each, as photographed and with a synthetic mask; a research benchmark, '
  + 'cited as its authors ask. Only embedding vectors ship, no photo.';

/** Seeds of the cohort's random masks: apart from the LFW benchmarks' probe seeds (100+ and 5000+). */
const COHORT_MASK_SEED = 9000;

const strangersDir = resolve(values.datasets, 'lfw-strangers');
const people = (await readdir(strangersDir)).sort().slice(Number(values.from), Number(values.from) + Number(values.count));
const detector = await loadDetector({ kind: 'mtcnn' });
const views: Array<{ label: string; image: RgbImage; face: FaceDetection }> = [];
const noFace: string[] = [];
try {
  for (const [i, person] of people.entries()) {
    const [name] = (await readdir(join(strangersDir, person))).filter(isImagePath).sort();
    if (name === undefined) continue;
    const label = `lfw-strangers/${person}/${name}`;
    const image = await decodeImage(join(strangersDir, person, name));
    // A stranger whose face no detector pass finds is left out, not taken whole: LFW photos are wider than the face.
    const [face] = await detectFaces(detector, image, DEFAULT_MIN_FACE_SCORE, { wholePhoto: false });
    if (face === undefined) { noFace.push(label); continue; }
    views.push({ label, image, face });
    const mask: MaskOptions = { type: 'random', color: 'random', pattern: 'random', seed: COHORT_MASK_SEED + i };
    const one = await loadMaskSynthesizer([mask]);
    try {
      const [variant] = await one.variants(image, face);
      views.push({ label: `${label} + random mask, seed ${String(mask.seed)}`, image: variant!.image, face });
    } finally {
      one.dispose();
    }
    process.stderr.write(`\rdetected and masked ${i + 1}/${people.length}`);
  }
} finally {
  detector.dispose();
}
process.stderr.write('\n');
if (noFace.length > 0) console.log(`no face found (left out): ${noFace.join(', ')}`);

for (const encoderName of values.encoders.split(',')) {
  const encoder = await loadFaceEncoder(encoderName);
  try {
    const vectors: Float32Array[] = [];
    for (const [i, v] of views.entries()) {
      vectors.push(await encoder.encode(v.image, v.face));
      process.stderr.write(`\r${encoderName}: ${i + 1}/${views.length}`);
    }
    process.stderr.write('\n');
    const dimension = vectors[0]!.length;
    const flat = new Float32Array(vectors.length * dimension);
    vectors.forEach((v, i) => flat.set(v, i * dimension));
    const file: CohortFile = {
      format: COHORT_FORMAT, generatedBy: 'scripts/make-cohort.ts', encoder: encoder.name, dimension, source: SOURCE,
      photos: views.map((v) => v.label), vectors: encodeHalfBase64(flat),
    };
    await writeFileAtomic(cohortPath(encoder.name), `${JSON.stringify(file)}\n`);
    console.log(`${cohortPath(encoder.name)}: ${vectors.length} vectors of ${dimension}`);
  } finally {
    encoder.dispose();
  }
}
