/**
 * Mask insertion speed: photos per second for `insertMask` alone (landmarks known) and for the
 * whole per-photo step of `maskface mask` (decode, MTCNN, 68 landmarks, mask), on LFW photos.
 *
 *   node --import tsx bench/mask.ts [photos=24] [type=cloth] [--quick: 8 photos]
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { cpus } from 'node:os';
import { loadDetector } from '../src/face/detectors.js';
import { findFacesWithLandmarks, load as loadLandmarks } from '../src/face/landmarks68/index.js';
import type { Landmarks68 } from '../src/face/types.js';
import { decodeImage } from '../src/image/io.js';
import type { RgbImage } from '../src/image/types.js';
import { insertMask, MaskOptionsSchema } from '../src/mask/index.js';

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
/** `npm run bench` passes --quick: 8 photos instead of 24. */
const quick = process.argv.includes('--quick');
const count = Number(positional[0] ?? (quick ? 8 : 24));
const { type } = MaskOptionsSchema.parse({ type: positional[1] ?? 'cloth' });
const lfw = resolve('../shared/datasets/lfw');
const people = (await readdir(lfw)).sort();
const files = people.slice(0, count).map((p) => join(lfw, p, `${p}_0001.jpg`));

const detector = await loadDetector({ kind: 'mtcnn' });
const landmarks = await loadLandmarks();
const faces: { image: RgbImage; landmarks: Landmarks68 }[] = [];
let start = performance.now();
for (const file of files) {
  const image = await decodeImage(file);
  const [face] = (await findFacesWithLandmarks(image, detector, landmarks)).sort((a, b) => b.detection.box.width - a.detection.box.width);
  if (face) faces.push({ image, landmarks: face.landmarks });
}
const findSeconds = (performance.now() - start) / 1000;

insertMask(faces[0]!.image, faces[0]!.landmarks, { type }); // warm-up
start = performance.now();
for (const [i, face] of faces.entries()) insertMask(face.image, face.landmarks, { type, seed: i });
const maskSeconds = (performance.now() - start) / 1000;
detector.dispose();
landmarks.dispose();

console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
console.log(`${files.length} LFW photos (250x250), ${faces.length} with a face, mask type ${type}`);
console.log(`insertMask alone:              ${(faces.length / maskSeconds).toFixed(1)} photos/s (${((maskSeconds / faces.length) * 1000).toFixed(1)} ms each)`);
console.log(`decode + MTCNN + 68 landmarks: ${(files.length / findSeconds).toFixed(1)} photos/s (${((findSeconds / files.length) * 1000).toFixed(0)} ms each)`);
console.log(`whole step of maskface mask:   ${(files.length / (findSeconds + maskSeconds)).toFixed(1)} photos/s`);
