/**
 * Trains the mask classifier of recognition (src/recognize/mask-classifier.ts) on the RMFD subset:
 * embeddings of unmasked and masked photos, people split 80/20 so the held-out accuracy is measured
 * on people the classifier never saw. RMFD's people are all Chinese and its photos tight crops, so
 * LFW people are added too (one photo as it is, one with a random synthetic mask), to teach the
 * classifier other faces, lighting and framing. Writes src/recognize/mask-classifier.<embedder>.generated.json.
 *
 *   node --import tsx bench/recognize-mask-train.ts [--embedder faceres] [--per-person 2] [--lfw-people 60]
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { load as loadLandmarks68 } from '../src/face/landmarks68/index.js';
import { load as loadMtcnn } from '../src/face/mtcnn/index.js';
import type { FaceDetection } from '../src/face/types.js';
import { decodeImage, writeFileAtomic } from '../src/image/io.js';
import type { RgbImage } from '../src/image/types.js';
import { insertMask } from '../src/mask/index.js';
import { loadFaceEncoder } from '../src/recognize/face-encoder.js';
import { createMaskClassifier, maskClassifierPath, trainLogistic } from '../src/recognize/mask-classifier.js';

const { values } = parseArgs({ options: { embedder: { type: 'string', default: 'faceres' }, 'per-person': { type: 'string', default: '2' }, 'lfw-people': { type: 'string', default: '60' } } });
const embedderName = values.embedder;
const perPerson = Number(values['per-person']);
const RMFD = resolve('../shared/datasets/rmfd-subset');
const LFW = resolve('../shared/datasets/lfw');
/** Black border added around RMFD's tight crops so the detector sees a whole face, in face widths. */
const PAD_FRACTION = 0.3;

function pad(image: RgbImage, margin: number): RgbImage {
  const width = image.width + 2 * margin;
  const height = image.height + 2 * margin;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < image.height; y++) data.set(image.data.subarray(y * image.width * 3, (y + 1) * image.width * 3), ((y + margin) * width + margin) * 3);
  return { width, height, data };
}

const detector = await loadMtcnn();
const encoder = await loadFaceEncoder(embedderName);
const people = readdirSync(join(RMFD, 'AFDB_masked_face_dataset')).sort();
const samples: Array<{ person: string; masked: boolean; vector: Float32Array }> = [];
let detected = 0;
for (const person of people) {
  for (const [folder, masked] of [['AFDB_face_dataset', false], ['AFDB_masked_face_dataset', true]] as const) {
    let files: string[] = [];
    try { files = readdirSync(join(RMFD, folder, person)).sort().slice(0, perPerson); } catch { continue; }
    for (const file of files) {
      const raw = await decodeImage(join(RMFD, folder, person, file));
      const margin = Math.round(PAD_FRACTION * raw.width);
      const image = pad(raw, margin);
      const [found] = await detector.detect(image, { minScore: 0.5, maxFaces: 1 });
      // Masked faces defeat MTCNN more often; the crop itself is then the face box.
      const face: FaceDetection = found ?? { box: { x: margin, y: margin, width: raw.width, height: raw.height }, score: 0 };
      if (found !== undefined) detected++;
      samples.push({ person, masked, vector: await encoder.encode(image, face) });
    }
  }
}
const landmarks = await loadLandmarks68();
const lfwPeople = readdirSync(LFW).sort().slice(0, Number(values['lfw-people']));
let seed = 1;
for (const person of lfwPeople) {
  const files = readdirSync(join(LFW, person)).sort();
  for (const [i, file] of files.slice(0, 2).entries()) {
    const image = await decodeImage(join(LFW, person, file));
    const faces = await detector.detect(image, { minScore: 0.8 });
    const centre = (f: FaceDetection): number => Math.hypot(f.box.x + f.box.width / 2 - image.width / 2, f.box.y + f.box.height / 2 - image.height / 2);
    const face = [...faces].sort((a, b) => centre(a) - centre(b))[0];
    if (face === undefined) continue;
    const masked = i === 1;
    const input = masked ? insertMask(image, await landmarks.detect(image, face.box), { type: 'random', color: 'random', pattern: 'random', seed: seed++ }) : image;
    samples.push({ person: `lfw/${person}`, masked, vector: await encoder.encode(input, face) });
  }
}
landmarks.dispose();
const allPeople = [...new Set(samples.map((s) => s.person))];
const testPeople = new Set(allPeople.filter((_, i) => i % 5 === 0));
const train = samples.filter((s) => !testPeople.has(s.person));
const test = samples.filter((s) => testPeople.has(s.person));
const { weights, bias } = trainLogistic(train.map((s) => s.vector), train.map((s) => s.masked), { epochs: 400, learningRate: 20, l2: 1e-4 });
const probe = createMaskClassifier({ embedder: embedderName, weights, bias, heldOutAccuracy: 0, trainedOn: '' });
const accuracy = (set: typeof samples): number => set.filter((s) => probe.classify(s.vector).masked === s.masked).length / set.length;
const heldOutAccuracy = accuracy(test);
const trainedOn = `RMFD subset (up to ${perPerson} photos per person and class) and ${lfwPeople.length} LFW people (one photo plain, one with a synthetic mask): ${train.length} photos of ${allPeople.length - testPeople.size} people; held out ${test.length} photos of ${testPeople.size} people`;
await writeFileAtomic(maskClassifierPath(embedderName), JSON.stringify({ generatedBy: 'bench/recognize-mask-train.ts', embedder: embedderName, heldOutAccuracy, trainedOn, bias, weights }) + '\n');
console.log(`embedder ${embedderName}; faces found by MTCNN ${detected}/${samples.length}`);
console.log(`train accuracy ${(100 * accuracy(train)).toFixed(1)} % on ${train.length} photos`);
console.log(`held-out accuracy ${(100 * heldOutAccuracy).toFixed(1)} % on ${test.length} photos (${test.filter((s) => s.masked).length} masked) of ${testPeople.size} unseen people`);
const rmfdTest = test.filter((s) => !s.person.startsWith('lfw/'));
const lfwTest = test.filter((s) => s.person.startsWith('lfw/'));
console.log(`  of which RMFD (real masks) ${(100 * accuracy(rmfdTest)).toFixed(1)} % on ${rmfdTest.length}, LFW (synthetic masks) ${(100 * accuracy(lfwTest)).toFixed(1)} % on ${lfwTest.length}`);
encoder.dispose();
detector.dispose();
