/**
 * Embeddings of the benchmark photos, cached on disk under `.cache/accuracy/` (one JSON file per
 * embedder and view, keyed by photo hash and crop) so that reruns skip the networks: extracting
 * ~2,000 photos x 2 networks x 2 views takes tens of minutes on 2 shared cores.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeImage, writeFileAtomic } from '../src/image/io.js';
import type { RgbImage } from '../src/image/types.js';
import type { Embedder } from '../src/models/types.js';
import { type ViewName, faceView, resampleRegion } from '../src/methods/face-views.js';
import type { BenchPhoto } from './accuracy-data.js';

/** Side of the square view images fed to the embedders (each resizes to its own input size). */
export const VIEW_SIZE = 160;
/** Photos between two saves of the cache, so an interrupted run keeps most of its work. */
const SAVE_EVERY = 25;

export function photoKey(photo: BenchPhoto): string {
  const c = photo.crop;
  const key = c === undefined ? photo.hash : `${photo.hash}@${c.x},${c.y},${c.width},${c.height}`;
  if (photo.syntheticMask !== true) return key;
  return (photo.maskVariant ?? 0) === 0 ? `${key}#masked` : `${key}#masked${photo.maskVariant}`;
}

/** Draws a synthetic mask on a whole photo whose face is in `region`; the benchmark gives one for LFW. */
export type Masker = (photo: BenchPhoto, image: RgbImage) => Promise<RgbImage>;

export class FeatureCache {
  private readonly tables = new Map<string, Promise<Map<string, Float32Array>>>();
  private readonly dirty = new Set<string>();

  constructor(readonly dir: string) {}

  private fileOf(table: string): string {
    return join(this.dir, `features-${table}.json`);
  }

  private table(embedder: string, view: ViewName): Promise<Map<string, Float32Array>> {
    const name = `${embedder}-${view}`;
    // The promise is memoised, not the table: concurrent first reads (Promise.all over photos) would
    // otherwise each parse the whole file (tens of MB each; hundreds of copies exhaust the heap).
    let table = this.tables.get(name);
    if (table === undefined) {
      table = this.load(name);
      this.tables.set(name, table);
    }
    return table;
  }

  private async load(name: string): Promise<Map<string, Float32Array>> {
    const table = new Map<string, Float32Array>();
    try {
      const stored = JSON.parse(await readFile(this.fileOf(name), 'utf8')) as Record<string, string>;
      for (const [key, b64] of Object.entries(stored)) {
        const bytes = Buffer.from(b64, 'base64');
        table.set(key, new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return table;
  }

  async get(photo: BenchPhoto, embedder: string, view: ViewName): Promise<Float32Array | undefined> {
    return (await this.table(embedder, view)).get(photoKey(photo));
  }

  async set(photo: BenchPhoto, embedder: string, view: ViewName, vector: Float32Array): Promise<void> {
    (await this.table(embedder, view)).set(photoKey(photo), vector);
    this.dirty.add(`${embedder}-${view}`);
  }

  async save(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    for (const name of this.dirty) {
      const out: Record<string, string> = {};
      for (const [key, v] of await this.tables.get(name)!) out[key] = Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
      await writeFileAtomic(this.fileOf(name), JSON.stringify(out));
    }
    this.dirty.clear();
  }
}

async function tightFace(photo: BenchPhoto, masker?: Masker): Promise<RgbImage> {
  const decoded = await decodeImage(photo.path);
  if (photo.syntheticMask === true && masker === undefined) throw new Error(`${photo.path}: a synthetic-mask photo needs a masker`);
  const image = photo.syntheticMask === true ? await masker!(photo, decoded) : decoded;
  const c = photo.crop;
  return c === undefined ? image : resampleRegion(image, c, c.width, c.height);
}

/** Computes every missing (photo, embedder, view) embedding and stores it in the cache. */
export async function extractFeatures(
  photos: readonly BenchPhoto[],
  embedders: readonly Embedder[],
  views: readonly ViewName[],
  cache: FeatureCache,
  onProgress?: (done: number, total: number) => void,
  masker?: Masker,
): Promise<void> {
  let sinceSave = 0;
  for (let i = 0; i < photos.length; i++) {
    const photo = photos[i]!;
    let face: RgbImage | undefined;
    for (const view of views) {
      for (const embedder of embedders) {
        if ((await cache.get(photo, embedder.name, view)) !== undefined) continue;
        face ??= await tightFace(photo, masker);
        await cache.set(photo, embedder.name, view, await embedder.embed(faceView(face, view, VIEW_SIZE)));
      }
    }
    if (face !== undefined && ++sinceSave >= SAVE_EVERY) {
      await cache.save();
      sinceSave = 0;
    }
    onProgress?.(i + 1, photos.length);
  }
  await cache.save();
}
