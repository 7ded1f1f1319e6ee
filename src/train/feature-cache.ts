/**
 * Face-backbone features on disk, so a second training run does not recompute them:
 * `<prepared>/.cache/features-<backbone>-<preprocessing>.bin`, one float32 vector per photo keyed
 * by the photo's SHA-256 (from the manifest). Rewritten atomically after new vectors are added.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readTensorFile, writeTensorFile, type NamedArray } from '../model-folder/tensor-file.js';

interface CacheMeta {
  readonly backbone: string;
  readonly dimension: number;
  readonly preprocessing: string;
}

export class FeatureCache {
  private readonly vectors = new Map<string, Float32Array>();
  private dirty = false;

  private constructor(
    readonly path: string,
    readonly meta: CacheMeta,
  ) {}

  static fileFor(dataDir: string, backbone: string, preprocessing: string): string {
    return join(dataDir, '.cache', `features-${backbone}-${preprocessing.replace(/[^a-z0-9]+/gi, '-')}.bin`);
  }

  /** Opens the cache (empty when the file is missing or was made with other settings). */
  static async open(dataDir: string, meta: CacheMeta): Promise<FeatureCache> {
    const cache = new FeatureCache(FeatureCache.fileFor(dataDir, meta.backbone, meta.preprocessing), meta);
    if (existsSync(cache.path)) {
      const file = await readTensorFile<CacheMeta>(cache.path);
      const same = file.meta.backbone === meta.backbone && file.meta.dimension === meta.dimension && file.meta.preprocessing === meta.preprocessing;
      if (same) for (const [hash, a] of file.arrays) cache.vectors.set(hash, a.data.slice());
    }
    return cache;
  }

  get size(): number {
    return this.vectors.size;
  }

  get(hash: string): Float32Array | undefined {
    return this.vectors.get(hash);
  }

  set(hash: string, vector: Float32Array): void {
    this.vectors.set(hash, vector);
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    const arrays: NamedArray[] = [...this.vectors].map(([name, data]) => ({ name, shape: [data.length], data }));
    await writeTensorFile(this.path, this.meta, arrays);
    this.dirty = false;
  }
}
