/**
 * The aligned chips `maskface distill` learns from, made once and kept on disk: each photo is
 * padded (tight crops hide faces from detectors), RetinaFace finds the face nearest the centre, and
 * the photo is warped onto ArcFace's five-point 112x112 template as it is and, for unmasked photos,
 * with `masks` synthetic masks drawn from its 68 landmarks (random type, colour, pattern and fit,
 * seeded by the photo's bytes). Chips are written in chunks (a temp file, then a rename), so an
 * interrupted run goes on from the last whole chunk.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { alignFace } from '../../face/align.js';
import { cropFace, expandBox, padImage } from '../../face/crop.js';
import { loadDetector } from '../../face/detectors.js';
import { load as loadLandmarks68 } from '../../face/landmarks68/index.js';
import type { FaceDetection } from '../../face/types.js';
import { decodeImage } from '../../image/io.js';
import type { RgbImage } from '../../image/types.js';
import { insertMask } from '../../mask/index.js';

export const CHIP_SIZE = 112;
export const CHIP_BYTES = CHIP_SIZE * CHIP_SIZE * 3;
/** Photos per chunk file. */
export const CHUNK_PHOTOS = 200;
/** Black border around a photo before detection, as a fraction of its longer side. */
const DETECTION_PADDING = 0.25;
/** The face's surroundings kept around its box, as a fraction of the box on each side: ArcFace's chip fits well inside. */
const REGION_MARGIN = 0.6;

export interface DistillPhoto {
  readonly path: string;
  readonly person: string;
  /** A real masked photo (its target is the person's unmasked mean) or an unmasked one. */
  readonly masked: boolean;
}

export interface ChipRecord {
  readonly path: string;
  readonly person: string;
  readonly masked: boolean;
  /** Chips of this photo in the chunk: [0] as photographed, then synthetic masks (unmasked photos only). */
  readonly chips: number;
}

export interface ChipChunk {
  readonly records: readonly ChipRecord[];
  /** Every record's chips one after another, CHIP_BYTES each. */
  readonly data: Uint8Array;
  /** Photos in which no face was found. */
  readonly missed: readonly string[];
}

/** The face nearest the photo's centre among those RetinaFace gives with five landmarks. */
function central(faces: readonly FaceDetection[], image: RgbImage): FaceDetection | undefined {
  const cx = image.width / 2;
  const cy = image.height / 2;
  let best: FaceDetection | undefined;
  let bestDistance = Infinity;
  for (const f of faces) {
    if (f.landmarks5?.length !== 5) continue;
    const d = Math.hypot(f.box.x + f.box.width / 2 - cx, f.box.y + f.box.height / 2 - cy);
    if (d < bestDistance) {
      best = f;
      bestDistance = d;
    }
  }
  return best;
}

export interface ChipMaker {
  /** The photo's chips (as photographed, then `masks` synthetic masks for an unmasked photo); undefined when no face is found. */
  chips(photo: DistillPhoto, masks: number): Promise<RgbImage[] | undefined>;
  dispose(): void;
}

export async function loadChipMaker(): Promise<ChipMaker> {
  const detector = await loadDetector({ kind: 'retinaface' });
  const landmarks = await loadLandmarks68();
  return {
    async chips(photo, masks) {
      const bytes = await readFile(photo.path);
      const image = padImage(await decodeImage(bytes, photo.path), DETECTION_PADDING).image;
      const face = central(await detector.detect(image, { maxFaces: 4 }), image);
      if (face === undefined) return undefined;
      // Landmarks, masks and warps work on the face's surroundings only (a third of the pixels or less).
      const region = expandBox(face.box, REGION_MARGIN, image.width, image.height);
      const crop = cropFace(image, region, 0);
      const five = face.landmarks5!.map((p) => ({ x: p.x - region.x, y: p.y - region.y }));
      const box = { ...face.box, x: face.box.x - region.x, y: face.box.y - region.y };
      const out = [alignFace(crop, five, CHIP_SIZE)];
      if (photo.masked || masks === 0) return out;
      const points = await landmarks.detect(crop, box);
      const seed = createHash('sha256').update(bytes).digest().readUInt32LE(0);
      for (let v = 1; v <= masks; v++) {
        const masked = insertMask(crop, points, { type: 'random', color: 'random', pattern: 'random', seed: (seed + v * 7919) >>> 0 });
        out.push(alignFace(masked, five, CHIP_SIZE));
      }
      return out;
    },
    dispose() {
      detector.dispose();
      landmarks.dispose();
    },
  };
}

const chunkName = (i: number): string => `chips-${String(i).padStart(5, '0')}`;

/** Makes the chunks of `photos` that `dir` does not hold yet; `onPhoto` after each photo (progress). */
export async function makeChipChunks(photos: readonly DistillPhoto[], dir: string, masks: number, onPhoto: (done: number, total: number) => void): Promise<void> {
  await mkdir(dir, { recursive: true });
  let maker: ChipMaker | undefined;
  try {
    for (let start = 0, index = 0; start < photos.length; start += CHUNK_PHOTOS, index++) {
      const base = join(dir, chunkName(index));
      if (existsSync(`${base}.json`)) {
        onPhoto(Math.min(photos.length, start + CHUNK_PHOTOS), photos.length);
        continue;
      }
      maker ??= await loadChipMaker();
      const records: ChipRecord[] = [];
      const parts: Uint8Array[] = [];
      const missed: string[] = [];
      const slice = photos.slice(start, start + CHUNK_PHOTOS);
      for (const [i, photo] of slice.entries()) {
        let chips: RgbImage[] | undefined;
        try {
          chips = await maker.chips(photo, masks);
        } catch {
          chips = undefined;
        }
        if (chips === undefined) missed.push(photo.path);
        else {
          records.push({ path: photo.path, person: photo.person, masked: photo.masked, chips: chips.length });
          for (const c of chips) parts.push(c.data);
        }
        onPhoto(start + i + 1, photos.length);
      }
      const data = new Uint8Array(parts.length * CHIP_BYTES);
      parts.forEach((p, i) => data.set(p, i * CHIP_BYTES));
      await writeFile(`${base}.bin.tmp`, data);
      await rename(`${base}.bin.tmp`, `${base}.bin`);
      // The JSON last: its presence says the chunk is whole.
      await writeFile(`${base}.json.tmp`, JSON.stringify({ records, missed }));
      await rename(`${base}.json.tmp`, `${base}.json`);
    }
  } finally {
    maker?.dispose();
  }
}

/** Every chunk in `dir`, in order. */
export async function readChipChunks(dir: string): Promise<ChipChunk[]> {
  const out: ChipChunk[] = [];
  for (let index = 0; ; index++) {
    const base = join(dir, chunkName(index));
    if (!existsSync(`${base}.json`)) return out;
    const meta = JSON.parse(await readFile(`${base}.json`, 'utf8')) as { records: ChipRecord[]; missed: string[] };
    out.push({ records: meta.records, missed: meta.missed, data: new Uint8Array(await readFile(`${base}.bin`)) });
  }
}
