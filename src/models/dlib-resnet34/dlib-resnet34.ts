/**
 * dlib's ResNet-34 face descriptor (128-D; 99.38 % on LFW with dlib's own aligned chips) as the
 * `dlib-resnet34` embedder, from the weights that `@vladmandic/face-api` ships.
 */
import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import { getTf } from '../../engine/tf.js';
import { invalidArgument, modelNotLoaded } from '../../errors.js';
import type { RgbImage } from '../../image/types.js';
import type { Embedder } from '../types.js';
import { DLIB_RESNET34_DIMENSION, DLIB_RESNET34_INPUT_SIZE, DLIB_RESNET34_MEAN_RGB, DLIB_RESNET34_NAME, defaultDlibResnet34ManifestPath } from './constants.js';
import { loadWeightsManifest } from './load-weights.js';
import { type NetParams, forward, netParamsFromWeights } from './network.js';

/** Load-time configuration. */
export interface DlibResnet34Config {
  /** Path of face_recognition_model-weights_manifest.json; default: the copy inside `@vladmandic/face-api`. */
  readonly manifestPath?: string;
}

export interface ResolvedDlibResnet34Config {
  readonly manifestPath: string;
}

export function resolveDlibResnet34Config(config: DlibResnet34Config = {}): ResolvedDlibResnet34Config {
  return Object.freeze({ manifestPath: config.manifestPath ?? defaultDlibResnet34ManifestPath() });
}

export class DlibResnet34Embedder implements Embedder {
  readonly name = DLIB_RESNET34_NAME;
  readonly dimension = DLIB_RESNET34_DIMENSION;
  private params: NetParams | undefined;
  private readonly owned: readonly Tensor[];

  constructor(params: NetParams, owned: readonly Tensor[]) {
    this.params = params;
    this.owned = owned;
  }

  async embed(face: RgbImage): Promise<Float32Array> {
    const params = this.params;
    if (params === undefined) throw modelNotLoaded(DLIB_RESNET34_NAME);
    if (face.width < 1 || face.height < 1) throw invalidArgument('dlib-resnet34 face crop', 'a non-empty image', `${face.width}x${face.height}`);
    const tf = await getTf();
    const descriptor = tf.tidy(() => {
      const pixels = tf.tensor3d(face.data, [face.height, face.width, 3], 'int32').toFloat();
      // face-api `toBatchTensor(150, true)`: pad to a centred square with black, then resize.
      const side = Math.max(face.width, face.height);
      const padX = side - face.width;
      const padY = side - face.height;
      const square = tf.pad(pixels, [[Math.floor(padY / 2), Math.ceil(padY / 2)], [Math.floor(padX / 2), Math.ceil(padX / 2)], [0, 0]]);
      const resized = tf.image.resizeBilinear(square, [DLIB_RESNET34_INPUT_SIZE, DLIB_RESNET34_INPUT_SIZE], false);
      const normalized = tf.div(tf.sub(resized, tf.tensor1d([...DLIB_RESNET34_MEAN_RGB])), 255).expandDims(0);
      return forward(tf, params, normalized as Tensor4D).reshape([DLIB_RESNET34_DIMENSION]);
    });
    const values = (await descriptor.data()) as Float32Array;
    descriptor.dispose();
    return values;
  }

  dispose(): void {
    for (const tensor of this.owned) tensor.dispose();
    this.params = undefined;
  }
}

export async function load(config: DlibResnet34Config = {}): Promise<DlibResnet34Embedder> {
  const resolved = resolveDlibResnet34Config(config);
  const weights = await loadWeightsManifest(resolved.manifestPath);
  const params = netParamsFromWeights(weights, resolved.manifestPath);
  return new DlibResnet34Embedder(params, Object.values(weights));
}
