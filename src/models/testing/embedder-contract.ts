/**
 * The tests every `Embedder` passes, on real LFW photos: the same photo gives the same vector of
 * the stated length without leaking tensors; two photos of one person are closer than photos of
 * two people; a disposed embedder refuses to embed. Each embedder's test file calls this once.
 */
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { getTf } from '../../engine/tf.js';
import { decodeImage } from '../../image/io.js';
import type { RgbImage } from '../../image/types.js';
import type { Embedder } from '../types.js';

const LFW = resolve('../shared/datasets/lfw');
/** Deep-funneled LFW photos are 250x250 with the face centred in roughly the middle 130 pixels. */
const LFW_FACE_SIDE_PX = 130;
/** Two runs of the same input on the same backend give the same floats up to rounding. */
const REPEAT_TOLERANCE = 1e-5;

async function lfwFace(person: string, index: number): Promise<RgbImage> {
  const image = await decodeImage(join(LFW, person, `${person}_${String(index).padStart(4, '0')}.jpg`));
  const offset = Math.round((image.width - LFW_FACE_SIDE_PX) / 2);
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract({ left: offset, top: offset, width: LFW_FACE_SIDE_PX, height: LFW_FACE_SIDE_PX }).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i]! * b[i]!; na += a[i]! ** 2; nb += b[i]! ** 2; }
  return dot / Math.sqrt(na * nb);
}

export function embedderContractTests(name: string, dimension: number, load: () => Promise<Embedder>): void {
  let embedder: Embedder;
  before(async () => { embedder = await load(); });
  after(() => embedder.dispose());

  test(`${name} gives the same ${dimension}-D vector for the same photo, without leaking tensors`, async () => {
    const tf = await getTf();
    const face = await lfwFace('Adrien_Brody', 1);
    const tensorsBefore = tf.memory().numTensors;
    const first = await embedder.embed(face);
    const second = await embedder.embed(face);
    assert.equal(tf.memory().numTensors, tensorsBefore);
    assert.equal(first.length, dimension);
    for (let i = 0; i < first.length; i++) assert.ok(Math.abs(first[i]! - second[i]!) <= REPEAT_TOLERANCE);
  });

  test(`${name}: two photos of one person are closer than photos of two people`, async () => {
    const a1 = await embedder.embed(await lfwFace('Adrien_Brody', 1));
    const a2 = await embedder.embed(await lfwFace('Adrien_Brody', 2));
    const b1 = await embedder.embed(await lfwFace('Abdullah_Gul', 1));
    assert.ok(cosine(a1, a2) > cosine(a1, b1), `same ${cosine(a1, a2)} vs different ${cosine(a1, b1)}`);
    assert.ok(cosine(a1, a2) > cosine(a2, b1));
  });

  test(`${name} refuses to embed after dispose`, async () => {
    const disposable = await load();
    disposable.dispose();
    await assert.rejects(disposable.embed({ width: 1, height: 1, data: new Uint8Array(3) }), { code: 'MF_MODEL_NOT_LOADED' });
  });
}
