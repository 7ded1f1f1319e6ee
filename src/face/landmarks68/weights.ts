/**
 * Reads the landmark net's weights from the files that `@vladmandic/face-api` ships (a tfjs
 * weights manifest plus one uint8-quantised `.bin`), from disk only: no network.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Tensor, Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import { MaskfaceError, fileNotFound } from '../../errors.js';
import type { Tf } from '../../engine/tf.js';
import { MODEL_NAME } from './constants.js';

export interface SeparableConvParams {
  readonly depthwiseFilter: Tensor4D;
  readonly pointwiseFilter: Tensor4D;
  readonly bias: Tensor1D;
}

export interface DenseBlockParams {
  /** The first block starts with a plain 3x3 conv on the RGB input; the others with a separable one. */
  readonly conv0: SeparableConvParams | { readonly filters: Tensor4D; readonly bias: Tensor1D };
  readonly conv1: SeparableConvParams;
  readonly conv2: SeparableConvParams;
  readonly conv3: SeparableConvParams;
}

export interface Landmarks68Weights {
  readonly dense: readonly [DenseBlockParams, DenseBlockParams, DenseBlockParams, DenseBlockParams];
  readonly fcWeights: Tensor2D;
  readonly fcBias: Tensor1D;
}

/** The folder in node_modules that holds face-api's model files. */
export function defaultModelDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
}

interface ManifestGroup {
  readonly paths: readonly string[];
  readonly weights: readonly { name: string; shape: number[]; dtype: string }[];
}

async function readOrExplain(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw fileNotFound(path, 'Reinstall @vladmandic/face-api (npm ci) or pass modelDir pointing at its model/ folder.');
    }
    throw err;
  }
}

/** Loads and dequantises every weight; the caller owns the returned tensors. */
export async function loadWeights(tf: Tf, modelDir: string): Promise<Landmarks68Weights> {
  const manifestPath = join(modelDir, `${MODEL_NAME}-weights_manifest.json`);
  const manifest = JSON.parse((await readOrExplain(manifestPath)).toString('utf8')) as ManifestGroup[];
  const specs = manifest.flatMap((group) => group.weights);
  const buffers = await Promise.all(manifest.flatMap((group) => group.paths).map((p) => readOrExplain(join(modelDir, p))));
  const joined = Buffer.concat(buffers);
  const data = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength) as ArrayBuffer;
  let map: Record<string, Tensor>;
  try {
    map = tf.io.decodeWeights(data, specs as Parameters<Tf['io']['decodeWeights']>[1]);
  } catch (err) {
    throw new MaskfaceError('MF_BAD_WEIGHTS', `${manifestPath}: the weights do not decode (${(err as Error).message}). Reinstall @vladmandic/face-api.`, {
      file: manifestPath,
      cause: err,
    });
  }
  const take = <T>(name: string, rank: number): T => {
    const tensor = map[name];
    if (!tensor || tensor.rank !== rank) {
      Object.values(map).forEach((t) => t.dispose());
      throw new MaskfaceError('MF_BAD_WEIGHTS', `${manifestPath}: expected a rank-${rank} weight "${name}", found ${tensor ? `rank ${tensor.rank}` : 'none'}. Is this face_landmark_68_model?`, {
        file: manifestPath,
      });
    }
    return tensor as T;
  };
  const separable = (prefix: string): SeparableConvParams => ({
    depthwiseFilter: take(`${prefix}/depthwise_filter`, 4),
    pointwiseFilter: take(`${prefix}/pointwise_filter`, 4),
    bias: take(`${prefix}/bias`, 1),
  });
  const block = (i: number): DenseBlockParams => ({
    conv0: i === 0 ? { filters: take(`dense0/conv0/filters`, 4), bias: take(`dense0/conv0/bias`, 1) } : separable(`dense${i}/conv0`),
    conv1: separable(`dense${i}/conv1`),
    conv2: separable(`dense${i}/conv2`),
    conv3: separable(`dense${i}/conv3`),
  });
  return {
    dense: [block(0), block(1), block(2), block(3)],
    fcWeights: take('fc/weights', 2),
    fcBias: take('fc/bias', 1),
  };
}

export function disposeWeights(weights: Landmarks68Weights): void {
  for (const block of weights.dense) {
    for (const conv of [block.conv0, block.conv1, block.conv2, block.conv3]) Object.values(conv).forEach((t: { dispose(): void }) => t.dispose());
  }
  weights.fcWeights.dispose();
  weights.fcBias.dispose();
}
