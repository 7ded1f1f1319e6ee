import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { MaskfaceError } from '../errors.js';
import { loadDetector } from '../face/detectors.js';
import { findFacesWithLandmarks, load as loadLandmarks } from '../face/landmarks68/index.js';
import type { FaceDetector, Landmarks68, Point } from '../face/types.js';
import { decodeImage } from '../image/io.js';
import type { RgbImage } from '../image/types.js';
import { MASK_TYPES, insertMask, renderMask } from './index.js';

/** A covered landmark is under the mask's full opacity, up to rounding of the 8-bit edge layer. */
const COVERED_ALPHA = 0.99;
/** "Below landmark 30": the nose tip area tested lies this fraction of the eyes-to-chin height under it. */
const NOSE_TIP_DROP_FRACTION = 0.04;

const LFW = resolve('../shared/datasets/lfw');
/** Frontal, turned, tilted and small faces. */
const PHOTOS = [
  'Angelina_Jolie/Angelina_Jolie_0001.jpg',
  'Hugo_Chavez/Hugo_Chavez_0003.jpg',
  'Jackie_Chan/Jackie_Chan_0002.jpg',
  'Gloria_Macapagal_Arroyo/Gloria_Macapagal_Arroyo_0005.jpg',
  'Andy_Roddick/Andy_Roddick_0003.jpg',
];

interface Face {
  readonly name: string;
  readonly image: RgbImage;
  readonly landmarks: Landmarks68;
}

const faces: Face[] = [];
let detector: FaceDetector;

before(async () => {
  detector = await loadDetector({ kind: 'mtcnn' });
  const landmarks = await loadLandmarks();
  for (const name of PHOTOS) {
    const image = await decodeImage(resolve(LFW, name));
    const found = await findFacesWithLandmarks(image, detector, landmarks);
    const largest = found.sort((a, b) => b.detection.box.width * b.detection.box.height - a.detection.box.width * a.detection.box.height)[0];
    assert.ok(largest, `no face found in ${name}`);
    faces.push({ name, image, landmarks: largest.landmarks });
  }
  landmarks.dispose();
});
after(() => detector.dispose());

const mean = (points: readonly Point[]): Point => ({
  x: points.reduce((s, p) => s + p.x, 0) / points.length,
  y: points.reduce((s, p) => s + p.y, 0) / points.length,
});

/** The face's down direction (perpendicular to the eye line) and its eyes-to-chin height. */
function faceFrame(landmarks: Landmarks68): { eyeMid: Point; down: Point; height: number } {
  const left = mean(landmarks.slice(36, 42));
  const right = mean(landmarks.slice(42, 48));
  const length = Math.hypot(right.x - left.x, right.y - left.y);
  const down = { x: -(right.y - left.y) / length, y: (right.x - left.x) / length };
  const eyeMid = { x: (left.x + right.x) / 2, y: (left.y + right.y) / 2 };
  const chin = landmarks[8] as Point;
  return { eyeMid, down, height: (chin.x - eyeMid.x) * down.x + (chin.y - eyeMid.y) * down.y };
}

function alphaAt(layer: ReturnType<typeof renderMask>, p: Point): number {
  const x = Math.floor(p.x) - layer.region.x0;
  const y = Math.floor(p.y) - layer.region.y0;
  if (x < 0 || y < 0 || x >= layer.region.width || y >= layer.region.height) return 0;
  return layer.alpha[y * layer.region.width + x] ?? 0;
}

for (const type of MASK_TYPES) {
  test(`${type}: covers every mouth landmark and the nose tip area below landmark 30 on real LFW photos`, () => {
    for (const [f, face] of faces.entries()) {
      // Each seed wears the mask a little differently (higher, longer, looser): all must cover.
      const layer = renderMask(face.image, face.landmarks, { type, seed: 3 + 7 * f });
      const { down, height } = faceFrame(face.landmarks);
      const tip = face.landmarks[30] as Point;
      const belowTip = { x: tip.x + down.x * NOSE_TIP_DROP_FRACTION * height, y: tip.y + down.y * NOSE_TIP_DROP_FRACTION * height };
      const required = [...face.landmarks.slice(48, 68), ...face.landmarks.slice(31, 36), tip, belowTip];
      required.forEach((p, i) => {
        const alpha = alphaAt(layer, p);
        assert.ok(alpha >= COVERED_ALPHA, `${face.name} seed ${3 + 7 * f}: point ${i} at (${p.x.toFixed(1)}, ${p.y.toFixed(1)}) has mask alpha ${alpha.toFixed(3)}`);
      });
    }
  });

  test(`${type}: the eye region (landmarks 36-47 and everything above them) is unchanged pixel for pixel`, () => {
    for (const face of faces) {
      const masked = insertMask(face.image, face.landmarks, { type, seed: 3 });
      const { eyeMid, down } = faceFrame(face.landmarks);
      const eyeBottom = Math.max(...face.landmarks.slice(36, 48).map((p) => (p.x - eyeMid.x) * down.x + (p.y - eyeMid.y) * down.y));
      let checked = 0;
      let changedBelow = 0;
      for (let y = 0; y < face.image.height; y++) {
        for (let x = 0; x < face.image.width; x++) {
          const depth = (x + 0.5 - eyeMid.x) * down.x + (y + 0.5 - eyeMid.y) * down.y;
          const o = (y * face.image.width + x) * 3;
          const same = masked.data[o] === face.image.data[o] && masked.data[o + 1] === face.image.data[o + 1] && masked.data[o + 2] === face.image.data[o + 2];
          if (depth <= eyeBottom) {
            checked++;
            assert.ok(same, `${face.name}: pixel (${x}, ${y}) above the lowest eye landmark changed`);
          } else if (!same) changedBelow++;
        }
      }
      assert.ok(checked > 0 && changedBelow > 0, `${face.name}: the test saw both regions`);
    }
  });
}

test('pixels outside the mask layer keep their bytes', () => {
  const face = faces[0] as Face;
  const layer = renderMask(face.image, face.landmarks, { type: 'surgical' });
  const masked = insertMask(face.image, face.landmarks, { type: 'surgical' });
  for (let y = 0; y < face.image.height; y++) {
    for (let x = 0; x < face.image.width; x++) {
      const inside = alphaAt(layer, { x: x + 0.5, y: y + 0.5 }) > 0;
      const o = (y * face.image.width + x) * 3;
      if (!inside) assert.deepEqual([...masked.data.subarray(o, o + 3)], [...face.image.data.subarray(o, o + 3)], `pixel (${x}, ${y})`);
    }
  }
});

test('the same seed gives the same bytes; `random` draws type, colour and pattern from it', () => {
  const face = faces[1] as Face;
  const a = insertMask(face.image, face.landmarks, { type: 'random', color: 'random', pattern: 'random', seed: 42 });
  const b = insertMask(face.image, face.landmarks, { type: 'random', color: 'random', pattern: 'random', seed: 42 });
  assert.deepEqual(Buffer.from(a.data), Buffer.from(b.data));
  const seen = new Set<string>();
  for (let seed = 0; seed < 40; seed++) seen.add(renderMask(face.image, face.landmarks, { type: 'random', seed }).options.type);
  assert.deepEqual([...seen].sort(), [...MASK_TYPES].sort());
});

test('the input photo is not modified', () => {
  const face = faces[2] as Face;
  const copy = Uint8Array.from(face.image.data);
  insertMask(face.image, face.landmarks, { type: 'kn95', color: '#ff8800' });
  assert.deepEqual(face.image.data, copy);
});

test('bad options and landmarks are refused with MF_INVALID_ARGUMENT', () => {
  const face = faces[0] as Face;
  const isInvalid = (err: unknown): boolean => err instanceof MaskfaceError && err.code === 'MF_INVALID_ARGUMENT';
  assert.throws(() => insertMask(face.image, face.landmarks, { color: 'not-a-colour' }), isInvalid);
  assert.throws(() => insertMask(face.image, face.landmarks, { type: 'scarf' as 'cloth' }), isInvalid);
  assert.throws(() => insertMask(face.image, face.landmarks.slice(0, 5)), isInvalid);
});
