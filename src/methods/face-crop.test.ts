import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TEMPLATE_112, alignFace } from '../face/align.js';
import { createImage } from '../image/types.js';
import { cropFaceChip, eyeRoll, fusedSpecs, mirror, upperView } from './face-crop.js';
import { DEFAULT_CROPS, EMBEDDER_NAMES, MOBILEFACE_CROP, createFaceEncoder, encoderName } from '../recognize/face-encoder.js';
import { dot, l2Normalize } from './similarity.js';

/** Bilinear sampling of a flat colour reproduces it up to rounding, in 8-bit levels. */
const LEVEL_TOLERANCE = 1;
const ANGLE_TOLERANCE_RAD = 1e-9;
/** Float32 sums of a few products: cosines agree to this. */
const COSINE_TOLERANCE = 1e-5;

test('a chip is centred on the box, scaled, and black outside the photo', () => {
  const image = createImage(100, 100, 0);
  for (let y = 40; y < 60; y++) for (let x = 40; x < 60; x++) image.data.set([200, 100, 50], (y * 100 + x) * 3);
  const face = { box: { x: 40, y: 40, width: 20, height: 20 }, score: 1 };
  const tight = cropFaceChip(image, face, { scale: 1, size: 10 });
  assert.equal(tight.width, 10);
  for (let i = 0; i < tight.data.length; i += 3) assert.ok(Math.abs(tight.data[i]! - 200) <= LEVEL_TOLERANCE);
  const loose = cropFaceChip(image, face, { scale: 2, size: 20 });
  assert.equal(loose.data[0], 0);
  assert.ok(Math.abs(loose.data[(10 * 20 + 10) * 3 + 1]! - 100) <= LEVEL_TOLERANCE);
});

test('the eye roll follows the eye landmarks, and alignment rotates the chip', () => {
  const face = { box: { x: 0, y: 0, width: 10, height: 10 }, score: 1, landmarks5: [{ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 5, y: 5 }, { x: 2, y: 8 }, { x: 8, y: 8 }] };
  assert.ok(Math.abs(eyeRoll(face) - Math.PI / 4) < ANGLE_TOLERANCE_RAD);
  assert.equal(eyeRoll({ box: face.box, score: 1 }), 0);
  // A vertical stripe in a photo tilted by 90 degrees becomes a horizontal stripe in the chip.
  const image = createImage(21, 21, 0);
  for (let y = 0; y < 21; y++) image.data.set([255, 255, 255], (y * 21 + 10) * 3);
  const tilted = { box: { x: 0, y: 0, width: 21, height: 21 }, score: 1, landmarks5: [{ x: 10, y: 5 }, { x: 10, y: 15 }] };
  const chip = cropFaceChip(image, tilted, { scale: 1, size: 21 });
  assert.ok(chip.data[(10 * 21 + 3) * 3]! > 200);
  assert.ok(chip.data[(3 * 21 + 10) * 3]! < 50);
});

test('mirror flips a chip left to right', () => {
  const image = createImage(3, 1, 0);
  image.data.set([10, 20, 30], 0);
  const flipped = mirror(image);
  assert.deepEqual(Array.from(flipped.data.subarray(6, 9)), [10, 20, 30]);
  assert.deepEqual(Array.from(flipped.data.subarray(0, 3)), [0, 0, 0]);
});

test('the upper view keeps the top of the chip, stretched to the chip size', () => {
  const chip = createImage(10, 10, 0);
  // Rows 0-5 white: the top half (rows 0-4) plus the row its last samples blend with.
  for (let y = 0; y < 6; y++) for (let x = 0; x < 10; x++) chip.data.set([255, 255, 255], (y * 10 + x) * 3);
  const top = upperView(chip, 0.5);
  assert.deepEqual([top.width, top.height], [10, 10]);
  for (let i = 0; i < top.data.length; i += 3) assert.ok(top.data[i]! > 255 - LEVEL_TOLERANCE);
  assert.throws(() => upperView(chip, 0), { code: 'MF_INVALID_ARGUMENT' });
});

test('an encoder with an upper view appends it so that the dot product is (cos whole + w cos upper) / (1 + w)', async () => {
  // A fake embedder: the mean colour of the top and bottom halves of its input, so the whole chip and
  // its upper view give different vectors.
  const embed = async (img: ReturnType<typeof createImage>): Promise<Float32Array> => {
    const sums = [0, 0, 0, 0, 0, 0];
    for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) for (let c = 0; c < 3; c++) sums[(y < img.height / 2 ? 0 : 3) + c]! += img.data[(y * img.width + x) * 3 + c]! + 1;
    return Float32Array.from(sums);
  };
  const embedder = { name: 'fake', dimension: 6, embed, dispose: () => undefined };
  const weight = 0.5;
  const whole = createFaceEncoder(embedder, { scale: 1, size: 8 });
  const both = createFaceEncoder(embedder, { scale: 1, size: 8, upper: { fraction: 0.5, weight } });
  assert.equal(both.name, 'fake+upper');
  assert.equal(encoderName('fake', whole.crop), 'fake');
  const photo = (seed: number): ReturnType<typeof createImage> => {
    const img = createImage(8, 8, 0);
    for (let i = 0; i < img.data.length; i++) img.data[i] = (i * seed * 37 + seed * 11) % 256;
    return img;
  };
  const face = { box: { x: 0, y: 0, width: 8, height: 8 }, score: 1 };
  const [a, b] = [photo(3), photo(7)];
  const cosWhole = dot(await whole.encode(a, face), await whole.encode(b, face));
  const upperOf = async (img: ReturnType<typeof createImage>): Promise<Float32Array> => l2Normalize(await embed(upperView(cropFaceChip(img, face, { scale: 1, size: 8 }), 0.5)));
  const cosUpper = dot(await upperOf(a), await upperOf(b));
  const va = await both.encode(a, face);
  assert.equal(va.length, 12);
  assert.ok(Math.abs(dot(va, va) - 1) < COSINE_TOLERANCE);
  assert.ok(Math.abs(dot(va, await both.encode(b, face)) - (cosWhole + weight * cosUpper) / (1 + weight)) < COSINE_TOLERANCE);
});

test('a fused second embedder is appended on its own chip, and the dot product is the weighted mean of the cosines', async () => {
  // Two fake embedders: mean colour of the top and bottom halves, and of the left and right halves.
  const halves = (vertical: boolean) => async (img: ReturnType<typeof createImage>): Promise<Float32Array> => {
    const sums = [0, 0, 0, 0, 0, 0];
    for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) for (let c = 0; c < 3; c++) sums[((vertical ? y < img.height / 2 : x < img.width / 2) ? 0 : 3) + c]! += img.data[(y * img.width + x) * 3 + c]! + 1;
    return Float32Array.from(sums);
  };
  const first = { name: 'a', dimension: 6, embed: halves(true), dispose: () => undefined };
  const second = { name: 'b', dimension: 6, embed: halves(false), dispose: () => undefined };
  const crop = { scale: 1, size: 8, flip: true, upper: { fraction: 0.5, weight: 0.35 }, fuse: { embedder: 'b', scale: 1.5, size: 6, weight: 0.75 } };
  const encoder = createFaceEncoder(first, crop, second);
  assert.equal(encoder.name, 'a+upper+b');
  assert.throws(() => createFaceEncoder(first, crop), { code: 'MF_INVALID_ARGUMENT' });
  const photo = (seed: number): ReturnType<typeof createImage> => {
    const img = createImage(16, 16, 0);
    for (let i = 0; i < img.data.length; i++) img.data[i] = (i * seed * 37 + seed * 11) % 256;
    return img;
  };
  const face = { box: { x: 4, y: 4, width: 8, height: 8 }, score: 1 };
  const parts = [
    createFaceEncoder(first, { scale: 1, size: 8, flip: true }),
    createFaceEncoder(first, { scale: 1, size: 8, flip: true, upper: { fraction: 0.5, weight: 1e6 } }),
    createFaceEncoder(second, { scale: 1.5, size: 6, flip: true }),
  ];
  const [a, b] = [photo(3), photo(7)];
  const cos = await Promise.all(parts.map(async (p) => dot(await p.encode(a, face), await p.encode(b, face))));
  // The second encoder is almost all upper view (weight 1e6): its cosine is the upper view's to ~1e-6.
  const expected = (cos[0]! + 0.35 * cos[1]! + 0.75 * cos[2]!) / 2.1;
  const va = await encoder.encode(a, face);
  assert.equal(va.length, 18);
  assert.ok(Math.abs(dot(va, va) - 1) < COSINE_TOLERANCE);
  assert.ok(Math.abs(dot(va, await encoder.encode(b, face)) - expected) < COSINE_TOLERANCE);
});

test("ArcFace alignment warps the five landmarks onto the template; without them the chip is the box's", () => {
  const image = createImage(200, 200, 0);
  // Landmarks placed exactly on the template scaled 2x and shifted by (20, 10): the chip is that square.
  const landmarks5 = TEMPLATE_112.map((p) => ({ x: 20 + 2 * p.x, y: 10 + 2 * p.y }));
  for (let y = 0; y < 200; y++) for (let x = 0; x < 200; x++) image.data.set([x, y, 7], (y * 200 + x) * 3);
  const face = { box: { x: 60, y: 60, width: 80, height: 80 }, score: 1, landmarks5 };
  const chip = cropFaceChip(image, face, { scale: 1, size: 112, align: 'arcface' });
  assert.deepEqual(chip.data.subarray((50 * 112 + 30) * 3, (50 * 112 + 30) * 3 + 3), alignFace(image, landmarks5, 112).data.subarray((50 * 112 + 30) * 3, (50 * 112 + 30) * 3 + 3));
  // Chip pixel (30, 50) samples the photo at (20 + 2 * 30.5 - 0.5, 10 + 2 * 50.5 - 0.5) = (80.5, 110.5): red ~ x, green ~ y.
  assert.ok(Math.abs(chip.data[(50 * 112 + 30) * 3]! - 80.5) <= LEVEL_TOLERANCE);
  assert.ok(Math.abs(chip.data[(50 * 112 + 30) * 3 + 1]! - 110.5) <= LEVEL_TOLERANCE);
  const noLandmarks = { box: face.box, score: 1 };
  assert.deepEqual(cropFaceChip(image, noLandmarks, { scale: 1, size: 112, align: 'arcface' }), cropFaceChip(image, noLandmarks, { scale: 1, size: 112 }));
});

test('several fused embedders are appended in order, each on its own chip and alignment; the old single spec still works', async () => {
  const meanColour = (name: string) => ({
    name,
    dimension: 3,
    embed: async (img: ReturnType<typeof createImage>): Promise<Float32Array> => {
      const sums = [1, 1, 1];
      for (let i = 0; i < img.data.length; i++) sums[i % 3]! += img.data[i]! * (1 + (i % 7));
      return Float32Array.from(sums);
    },
    dispose: () => undefined,
  });
  const [main, b, c] = [meanColour('a'), meanColour('b'), meanColour('c')];
  const landmarks5 = TEMPLATE_112.map((p) => ({ x: 4 + p.x / 8, y: 4 + p.y / 8 }));
  const face = { box: { x: 4, y: 4, width: 14, height: 14 }, score: 1, landmarks5 };
  const fuseB = { embedder: 'b', scale: 1.5, size: 6, weight: 0.75 };
  const fuseC = { embedder: 'c', scale: 1, size: 14, align: 'arcface' as const, weight: 0.5 };
  const encoder = createFaceEncoder(main, { scale: 1, size: 8, fuse: [fuseB, fuseC] }, [b, c]);
  assert.equal(encoder.name, 'a+b+c');
  assert.equal(encoderName('a', { scale: 1, size: 8, fuse: fuseB }), 'a+b');
  assert.throws(() => createFaceEncoder(main, { scale: 1, size: 8, fuse: [fuseB, fuseC] }, [c, b]), { code: 'MF_INVALID_ARGUMENT' });
  const photo = (seed: number): ReturnType<typeof createImage> => {
    const img = createImage(24, 24, 0);
    for (let i = 0; i < img.data.length; i++) img.data[i] = (i * seed * 37 + seed * 11) % 256;
    return img;
  };
  const parts = [
    createFaceEncoder(main, { scale: 1, size: 8 }),
    createFaceEncoder(b, { scale: 1.5, size: 6 }),
    createFaceEncoder(c, { scale: 1, size: 14, align: 'arcface' }),
  ];
  const [pa, pb] = [photo(3), photo(5)];
  const cos = await Promise.all(parts.map(async (p) => dot(await p.encode(pa, face), await p.encode(pb, face))));
  const va = await encoder.encode(pa, face);
  assert.equal(va.length, 9);
  assert.ok(Math.abs(dot(va, await encoder.encode(pb, face)) - (cos[0]! + 0.75 * cos[1]! + 0.5 * cos[2]!) / 2.25) < COSINE_TOLERANCE);
  // The single spec of galleries made before lists gives the same vector as a list of one.
  const single = createFaceEncoder(main, { scale: 1, size: 8, fuse: fuseB }, b);
  assert.deepEqual(await single.encode(pa, face), await createFaceEncoder(main, { scale: 1, size: 8, fuse: [fuseB] }, [b]).encode(pa, face));
});

test('every built-in encoder name is what its default crop makes; MobileFace always gets its ArcFace chip', () => {
  for (const name of EMBEDDER_NAMES) assert.equal(encoderName(name.split('+')[0]!, DEFAULT_CROPS[name]), name);
  assert.equal(MOBILEFACE_CROP.align, 'arcface');
  const fused = fusedSpecs(DEFAULT_CROPS['faceres+upper+dlib-resnet34+mobileface']);
  assert.deepEqual(fused.map((f) => [f.embedder, f.align]), [['dlib-resnet34', undefined], ['mobileface', 'arcface']]);
  // The default encoder keeps the single spec its galleries stored.
  assert.equal(Array.isArray(DEFAULT_CROPS['faceres+upper+dlib-resnet34'].fuse), false);
});
