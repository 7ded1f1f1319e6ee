/**
 * Embeddings of the mask classifier's photos (bench/mask-classifier-data.ts) by one embedder,
 * cached under `.cache/mask-classifier/<embedder>.json` so that a rerun (another L2 penalty, a
 * cutoff) skips the networks: about 2,600 photos take minutes on two shared cores.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load as loadLandmarks68 } from '../src/face/landmarks68/index.js';
import { load as loadMtcnn } from '../src/face/mtcnn/index.js';
import type { FaceDetection } from '../src/face/types.js';
import { decodeImage, writeFileAtomic } from '../src/image/io.js';
import type { RgbImage } from '../src/image/types.js';
import { insertMask } from '../src/mask/index.js';
import { photoSeed } from '../src/mask/mask-dataset.js';
import { loadFaceEncoder } from '../src/recognize/face-encoder.js';
import { LFW_FACE_REGION } from './accuracy-data.js';
import type { MaskPhoto } from './mask-classifier-data.js';

/** Black border added around RMFD's tight crops so the detector sees a whole face, in face widths. */
const PAD_FRACTION = 0.3;
/** Photos between two saves of the cache. */
const SAVE_EVERY = 50;

export const photoKey = (p: MaskPhoto): string => (p.synthetic ? `${p.path}#mask` : p.path);

function pad(image: RgbImage, margin: number): RgbImage {
  const width = image.width + 2 * margin;
  const height = image.height + 2 * margin;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < image.height; y++) data.set(image.data.subarray(y * image.width * 3, (y + 1) * image.width * 3), ((y + margin) * width + margin) * 3);
  return { width, height, data };
}

const centreDistance = (image: RgbImage) => (f: FaceDetection): number => Math.hypot(f.box.x + f.box.width / 2 - image.width / 2, f.box.y + f.box.height / 2 - image.height / 2);

/** The vectors of `photos` by `embedder` (a base embedder: the classifier reads a composite vector's first part), computed where not cached. */
export async function maskFeatures(photos: readonly MaskPhoto[], embedder: string, cacheDir: string, log: (line: string) => void = () => {}): Promise<Map<string, Float32Array>> {
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, `${embedder}.json`);
  const table = new Map<string, Float32Array>();
  try {
    for (const [key, b64] of Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)) {
      const bytes = Buffer.from(b64, 'base64');
      table.set(key, new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const missing = photos.filter((p) => !table.has(photoKey(p)));
  if (missing.length === 0) return table;
  const save = (): Promise<void> => writeFileAtomic(file, JSON.stringify(Object.fromEntries([...table].map(([k, v]) => [k, Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')]))));
  const detector = await loadMtcnn();
  const encoder = await loadFaceEncoder(embedder);
  const landmarks = missing.some((p) => p.synthetic) ? await loadLandmarks68() : undefined;
  let undetected = 0;
  try {
    for (const [i, photo] of missing.entries()) {
      let image = await decodeImage(photo.path);
      let face: FaceDetection | undefined;
      if (photo.source === 'rmfd') {
        const margin = Math.round(PAD_FRACTION * image.width);
        const raw = image;
        image = pad(raw, margin);
        // Masked faces defeat MTCNN more often; the tight crop itself is then the face box.
        face = (await detector.detect(image, { minScore: 0.5, maxFaces: 1 }))[0] ?? { box: { x: margin, y: margin, width: raw.width, height: raw.height }, score: 0 };
      } else {
        face = [...(await detector.detect(image, { minScore: 0.5 }))].sort((a, b) => centreDistance(image)(a) - centreDistance(image)(b))[0];
        face ??= { box: { ...LFW_FACE_REGION }, score: 0 };
      }
      if (face.score === 0) undetected++;
      if (photo.synthetic) image = insertMask(image, await landmarks!.detect(image, face.box), { type: 'random', color: 'random', pattern: 'random', seed: photoSeed(1, photo.path) });
      table.set(photoKey(photo), await encoder.encode(image, face));
      if ((i + 1) % SAVE_EVERY === 0) {
        await save();
        log(`  ${i + 1} of ${missing.length} photos embedded by ${embedder}`);
      }
    }
    await save();
    log(`embedded ${missing.length} photos by ${embedder} (${undetected} without an MTCNN face: the crop or LFW's face region used)`);
  } finally {
    landmarks?.dispose();
    encoder.dispose();
    detector.dispose();
  }
  return table;
}
