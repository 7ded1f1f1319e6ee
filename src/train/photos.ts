/**
 * The photos a model trains or is evaluated on, from a prepared folder (its manifest) or a raw one
 * (RMFD or folder-per-person layout), and their rows: letterboxed pixels for VGG16 or a face
 * backbone's feature vectors (through the on-disk cache when the photos have hashes).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { scanDataset } from '../data/layout.js';
import { entryPath, MANIFEST_FILE, readManifest } from '../data/manifest.js';
import { MaskfaceError } from '../errors.js';
import { decodeImage, isImagePath } from '../image/io.js';
import { letterbox } from '../image/letterbox.js';
import type { RgbImage } from '../image/types.js';
import type { Embedder } from '../models/types.js';
import { FeatureCache } from './feature-cache.js';

export interface Photo {
  readonly person: string;
  readonly group: 'masked' | 'unmasked';
  readonly path: string;
  /** SHA-256 of the source photo (prepared folders only): the feature cache's key. */
  readonly hash?: string;
  /** The manifest's split (prepared folders only). */
  readonly split?: 'train' | 'test';
}

export interface PhotoSet {
  readonly photos: readonly Photo[];
  /** Set for a prepared folder: where the feature cache lives. */
  readonly preparedDir?: string;
}

/** Reads a prepared folder's manifest, or scans a raw dataset folder. */
export async function listPhotos(dir: string): Promise<PhotoSet> {
  if (existsSync(join(dir, MANIFEST_FILE))) {
    const manifest = await readManifest(dir);
    const photos = manifest.entries.map((e) => ({ person: e.person, group: e.group, path: entryPath(dir, e), hash: e.hash, split: e.split }));
    return { photos, preparedDir: dir };
  }
  const dataset = await scanDataset(dir);
  const photos: Photo[] = [];
  for (const person of dataset.people) {
    for (const path of person.unmasked.filter(isImagePath)) photos.push({ person: person.name, group: 'unmasked', path });
    for (const path of person.masked.filter(isImagePath)) photos.push({ person: person.name, group: 'masked', path });
  }
  return { photos };
}

/** A photo as the models see it: a square of `size` pixels, letterboxed (paper 3.1.2) unless it already is one. */
export async function loadSquare(path: string, size: number): Promise<RgbImage> {
  const image = await decodeImage(path);
  if (image.width === size && image.height === size) return image;
  return (await letterbox(image, size)).image;
}

export type Progress = (done: number, total: number) => void;

/** Pixels of every photo, one row of size*size*3 bytes each. */
export async function pixelRows(photos: readonly Photo[], size: number, onProgress?: Progress): Promise<Uint8Array> {
  const rowLength = size * size * 3;
  const data = new Uint8Array(photos.length * rowLength);
  for (const [i, photo] of photos.entries()) {
    data.set((await loadSquare(photo.path, size)).data, i * rowLength);
    onProgress?.(i + 1, photos.length);
  }
  return data;
}

/** Cache key of the preprocessing before the embedder: the photo letterboxed to `size`, then the embedder's variant (alignment, weights file) when it has one. */
export const featurePreprocessing = (size: number, variant?: string): string => (variant === undefined ? `letterbox${size}` : `letterbox${size}+${variant}`);

/** The embedder's vector of every photo, read from or added to the cache of a prepared folder. */
export async function featureRows(set: PhotoSet, embedder: Embedder, size: number, onProgress?: Progress): Promise<Float32Array> {
  const dimension = embedder.dimension;
  const data = new Float32Array(set.photos.length * dimension);
  const cache = set.preparedDir === undefined ? undefined : await FeatureCache.open(set.preparedDir, { backbone: embedder.name, dimension, preprocessing: featurePreprocessing(size, embedder.variant) });
  for (const [i, photo] of set.photos.entries()) {
    let vector = photo.hash === undefined ? undefined : cache?.get(photo.hash);
    if (vector === undefined) {
      vector = await embedder.embed(await loadSquare(photo.path, size));
      if (vector.length !== dimension) {
        throw new MaskfaceError('MF_SHAPE_MISMATCH', `${embedder.name} returned ${vector.length} values for ${photo.path}, expected ${dimension}.`, { file: photo.path });
      }
      if (photo.hash !== undefined) cache?.set(photo.hash, vector);
    }
    data.set(vector, i * dimension);
    onProgress?.(i + 1, set.photos.length);
  }
  await cache?.save();
  return data;
}
