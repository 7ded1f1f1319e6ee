/**
 * The 68-point landmark model (face-api.js FaceLandmark68Net weights, iBUG 300-W order as dlib and
 * MaskTheFace use). `await load()` gives `{ detect(image, box), dispose() }`; a disposed model
 * throws MF_MODEL_NOT_LOADED.
 */
import type { Tensor4D } from '@tensorflow/tfjs';
import { getTf } from '../../engine/tf.js';
import { modelNotLoaded } from '../../errors.js';
import type { Box, RgbImage } from '../../image/types.js';
import type { Landmarks68, Point } from '../types.js';
import { INPUT_SIZE, LANDMARK_COUNT } from './constants.js';
import { cropSquare } from './crop.js';
import { forward } from './network.js';
import { defaultModelDir, disposeWeights, loadWeights, type Landmarks68Weights } from './weights.js';

/** Load-time configuration. */
export interface Landmarks68Config {
  /** Folder holding `face_landmark_68_model-weights_manifest.json` and its `.bin`; default: @vladmandic/face-api's model/ folder. */
  readonly modelDir?: string;
}

export interface ResolvedLandmarks68Config {
  readonly modelDir: string;
}

export function resolveLandmarks68Config(config: Landmarks68Config = {}): ResolvedLandmarks68Config {
  return Object.freeze({ modelDir: config.modelDir ?? defaultModelDir() });
}

export interface Landmarks68Model {
  readonly name: 'landmarks68';
  /** The 68 points of the face inside `box`, in pixels of `image`. */
  detect(image: RgbImage, box: Box): Promise<Landmarks68>;
  dispose(): void;
}

export async function load(config: Landmarks68Config = {}): Promise<Landmarks68Model> {
  const resolved = resolveLandmarks68Config(config);
  const tf = await getTf();
  let weights: Landmarks68Weights | undefined = await loadWeights(tf, resolved.modelDir);

  return {
    name: 'landmarks68',
    async detect(image: RgbImage, box: Box): Promise<Landmarks68> {
      const current = weights;
      if (!current) throw modelNotLoaded('landmarks68');
      const crop = cropSquare(image, box);
      const output = tf.tidy(() => {
        const pixels = tf.tensor4d(crop.image.data, [1, crop.side, crop.side, 3], 'int32');
        const resized = tf.image.resizeBilinear(pixels, [INPUT_SIZE, INPUT_SIZE]) as Tensor4D;
        return forward(tf, current, resized);
      });
      const values = await output.data();
      output.dispose();
      const points: Point[] = [];
      for (let i = 0; i < LANDMARK_COUNT; i++) {
        points.push({ x: crop.originX + (values[2 * i] ?? 0) * crop.side, y: crop.originY + (values[2 * i + 1] ?? 0) * crop.side });
      }
      return points;
    },
    dispose(): void {
      if (weights) disposeWeights(weights);
      weights = undefined;
    },
  };
}
