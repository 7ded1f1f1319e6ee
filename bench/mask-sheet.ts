/**
 * Generates the contact sheets in docs/: 24 LFW photos (the first photo of every fifth person)
 * with each mask type (docs/masks-<type>.png) and with everything drawn at random
 * (docs/masks-random.png). Tiles show the centre of the photo, where LFW's deep-funnelled faces are.
 *
 *   node --import tsx bench/mask-sheet.ts [out-dir=docs]   (--quick: the cloth sheet only, into a temporary folder)
 */
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadDetector } from '../src/face/detectors.js';
import { findFacesWithLandmarks, load as loadLandmarks } from '../src/face/landmarks68/index.js';
import type { Landmarks68 } from '../src/face/types.js';
import { decodeImage, writeImage } from '../src/image/io.js';
import type { RgbImage } from '../src/image/types.js';
import { MASK_TYPES, contactSheet, insertMask, type MaskOptions } from '../src/mask/index.js';

const PHOTOS = 24;
const PERSON_STEP = 5;
/** Side of the centred square of each 250x250 LFW photo shown in a tile. */
const CROP_PX = 170;
const TILE_PX = 160;

function centre(image: RgbImage, side: number): RgbImage {
  const x0 = Math.floor((image.width - side) / 2);
  const y0 = Math.floor((image.height - side) / 2);
  const data = new Uint8Array(side * side * 3);
  for (let y = 0; y < side; y++) data.set(image.data.subarray(((y0 + y) * image.width + x0) * 3, ((y0 + y) * image.width + x0 + side) * 3), y * side * 3);
  return { width: side, height: side, data };
}

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
/** `npm run bench` passes --quick: only the cloth sheet, into a temporary folder (docs/ is left alone). */
const quick = process.argv.includes('--quick');
const outDir = resolve(positional[0] ?? (quick ? join(tmpdir(), 'maskface-mask-sheets') : 'docs'));
const lfw = resolve('../shared/datasets/lfw');
const people = (await readdir(lfw)).sort().filter((_, i) => i % PERSON_STEP === 0).slice(0, PHOTOS);
const detector = await loadDetector({ kind: 'mtcnn' });
const landmarks = await loadLandmarks();
const faces: { image: RgbImage; landmarks: Landmarks68 }[] = [];
for (const person of people) {
  const image = await decodeImage(join(lfw, person, `${person}_0001.jpg`));
  const [face] = (await findFacesWithLandmarks(image, detector, landmarks)).sort((a, b) => b.detection.box.width - a.detection.box.width);
  if (face) faces.push({ image, landmarks: face.landmarks });
  else console.warn(`no face found in ${person}_0001.jpg`);
}
detector.dispose();
landmarks.dispose();

const allSheets: [string, (i: number) => MaskOptions][] = [
  ...MASK_TYPES.map((type): [string, (i: number) => MaskOptions] => [type, (i) => ({ type, seed: i })]),
  ['random', (i) => ({ type: 'random', color: 'random', pattern: 'random', seed: i })],
];
const sheets = quick ? allSheets.slice(0, 1) : allSheets;
for (const [name, options] of sheets) {
  const tiles = faces.map((face, i) => centre(insertMask(face.image, face.landmarks, options(i)), CROP_PX));
  const path = join(outDir, `masks-${name}.png`);
  await writeImage(path, contactSheet(tiles, { columns: 8, tileSize: TILE_PX }));
  console.log(`wrote ${path}`);
}
