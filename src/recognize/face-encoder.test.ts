import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { loadDetector } from '../face/index.js';
import { TEMPLATE_112 } from '../face/align.js';
import { decodeImage } from '../image/io.js';
import { createImage } from '../image/types.js';
import { cropFaceChip, fusedSpecs, upperView } from '../methods/face-crop.js';
import { dot, l2Normalize } from '../methods/similarity.js';
import { DEFAULT_CROPS, FACERES_UPPER_DLIB_MOBILEFACE_WEIGHTS, MOBILEFACE_CROP, createFaceEncoder, encoderName, loadFaceEncoder } from './face-encoder.js';
import { EMBEDDER_NAMES, FACERES_UPPER_DLIB_NAME, FACERES_UPPER_DLIB_MOBILEFACE_NAME } from './embedder-names.js';

/** Float32 rounding of a few thousand products, and of the part scaling. */
const VECTOR_TOLERANCE = 1e-5;
/** Float32 sums of a few products: cosines agree to this. */
const COSINE_TOLERANCE = 1e-5;
const PHOTO = resolve('../shared/datasets/lfw/Adrien_Brody/Adrien_Brody_0001.jpg');

test('MobileFace fused after the default encoder leaves the default parts as they were, rescaled by their share of the weights', async () => {
  const detector = await loadDetector({ kind: 'mtcnn' });
  const old = await loadFaceEncoder(FACERES_UPPER_DLIB_NAME);
  const extended = await loadFaceEncoder(FACERES_UPPER_DLIB_MOBILEFACE_NAME);
  try {
    const image = await decodeImage(PHOTO);
    const [face] = await detector.detect(image, { minScore: 0.8, maxFaces: 1 });
    assert.ok(face?.landmarks5?.length === 5);
    const before = await old.encode(image, face);
    const after = await extended.encode(image, face);
    assert.equal(before.length, 1024 + 1024 + 128);
    assert.equal(after.length, before.length + 256);
    assert.ok(Math.abs(dot(after, after) - 1) < VECTOR_TOLERANCE);
    const w = FACERES_UPPER_DLIB_MOBILEFACE_WEIGHTS;
    const share = Math.sqrt((1 + w.upper + w.dlib) / (1 + w.upper + w.dlib + w.mobileface));
    for (let i = 0; i < before.length; i++) assert.ok(Math.abs(after[i]! - share * before[i]!) < VECTOR_TOLERANCE, `component ${i}`);
  } finally {
    old.dispose();
    extended.dispose();
    detector.dispose();
  }
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

test('onnx:<file> with the package\'s scaling encodes as arcface-mobilefacenet; its gallery name carries the file\'s hash, and another hash is refused', async () => {
  const { defaultArcfaceMobilefacenetPath } = await import('../models/arcface-mobilefacenet/index.js');
  const { canonicalOnnxEmbedder } = await import('./face-encoder.js');
  const file = defaultArcfaceMobilefacenetPath();
  const name = await canonicalOnnxEmbedder(`onnx:${file}?mean=127&std=128`);
  assert.equal(name, `onnx:${file}?mean=127&std=128#sha256-87aacdfe57510db2`);
  const detector = await loadDetector({ kind: 'mtcnn' });
  const named = await loadFaceEncoder('arcface-mobilefacenet');
  const user = await loadFaceEncoder(name);
  try {
    assert.equal(user.name, name);
    const image = await decodeImage(PHOTO);
    const [face] = await detector.detect(image, { minScore: 0.8, maxFaces: 1 });
    assert.ok(face !== undefined);
    const a = await named.encode(image, face);
    const b = await user.encode(image, face);
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) < VECTOR_TOLERANCE, `component ${i}`);
  } finally {
    named.dispose();
    user.dispose();
    detector.dispose();
  }
  await assert.rejects(loadFaceEncoder(`onnx:${file}#sha256-0000000000000000`), (err: unknown) => err instanceof Error && /SHA-256 starts 87aacdfe57510db2, but the gallery's vectors were made by a file whose SHA-256 starts 0000000000000000/.test(err.message));
});
