/**
 * Reads a tfjs weights manifest (the face-api.js format: a JSON list of groups with `paths` and
 * `weights`) and its binary shards from the file system, and decodes them (quantised uint8 included).
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { NamedTensorMap, io } from '@tensorflow/tfjs';
import { getTf } from '../../engine/tf.js';
import { MaskfaceError, fileNotFound } from '../../errors.js';

type WeightsManifest = ReadonlyArray<{ readonly paths: readonly string[]; readonly weights: io.WeightsManifestEntry[] }>;

const FIX = 'Reinstall @vladmandic/face-api (npm ci).';

async function readOrExplain(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw fileNotFound(path, FIX);
    throw err;
  }
}

export async function loadWeightsManifest(manifestPath: string): Promise<NamedTensorMap> {
  let manifest: WeightsManifest;
  try {
    manifest = JSON.parse((await readOrExplain(manifestPath)).toString('utf8')) as WeightsManifest;
  } catch (err) {
    if (err instanceof MaskfaceError) throw err;
    throw new MaskfaceError('MF_BAD_WEIGHTS', `${manifestPath}: not a weights manifest (${(err as Error).message}). ${FIX}`, { file: manifestPath });
  }
  if (!Array.isArray(manifest)) {
    throw new MaskfaceError('MF_BAD_WEIGHTS', `${manifestPath}: expected a JSON list of weight groups. ${FIX}`, { file: manifestPath });
  }
  const specs: io.WeightsManifestEntry[] = [];
  const shards: Buffer[] = [];
  for (const group of manifest) {
    specs.push(...group.weights);
    for (const path of group.paths) shards.push(await readOrExplain(join(dirname(manifestPath), path)));
  }
  const joined = Buffer.concat(shards);
  const tf = await getTf();
  return tf.io.decodeWeights(joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength) as ArrayBuffer, specs);
}
