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
import { cropRotated, cropSquare } from './crop.js';
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

/** Per-call options. */
export interface Landmarks68Options {
  /**
   * The head's roll in radians (clockwise in the photo), e.g. from a detector's eye points. Default:
   * estimated from a first pass. Past ROLL_CORRECTION_RAD the face is turned upright and measured again.
   */
  readonly roll?: number;
}

/** Heads tilted more than this (radians, about 8 degrees) are turned upright before the net sees them. */
export const ROLL_CORRECTION_RAD = 0.14;

export interface Landmarks68Model {
  readonly name: 'landmarks68';
  /** The 68 points of the face inside `box`, in pixels of `image`. */
  detect(image: RgbImage, box: Box, options?: Landmarks68Options): Promise<Landmarks68>;
  dispose(): void;
}

/** Roll of a face from its 68 points: the angle of the line from the left eye's centre to the right eye's. */
export function rollOf(points: Landmarks68): number {
  const centre = (from: number): Point => {
    const eye = points.slice(from, from + 6);
    return { x: eye.reduce((s, p) => s + p.x, 0) / eye.length, y: eye.reduce((s, p) => s + p.y, 0) / eye.length };
  };
  const left = centre(36);
  const right = centre(42);
  return Math.atan2(right.y - left.y, right.x - left.x);
}

export async function load(config: Landmarks68Config = {}): Promise<Landmarks68Model> {
  const resolved = resolveLandmarks68Config(config);
  const tf = await getTf();
  let weights: Landmarks68Weights | undefined = await loadWeights(tf, resolved.modelDir);

  return {
    name: 'landmarks68',
    async detect(image: RgbImage, box: Box, options: Landmarks68Options = {}): Promise<Landmarks68> {
      const current = weights;
      if (!current) throw modelNotLoaded('landmarks68');
      const run = async (crop: RgbImage): Promise<Float32Array> => {
        const output = tf.tidy(() => {
          const pixels = tf.tensor4d(crop.data, [1, crop.height, crop.width, 3], 'int32');
          const resized = tf.image.resizeBilinear(pixels, [INPUT_SIZE, INPUT_SIZE]) as Tensor4D;
          return forward(tf, current, resized);
        });
        const values = (await output.data()) as Float32Array;
        output.dispose();
        return values;
      };
      const toPoints = (values: Float32Array, side: number, map: (x: number, y: number) => Point): Point[] =>
        Array.from({ length: LANDMARK_COUNT }, (_, i) => map((values[2 * i] ?? 0) * side, (values[2 * i + 1] ?? 0) * side));

      let roll = options.roll;
      if (roll === undefined || Math.abs(roll) <= ROLL_CORRECTION_RAD) {
        const crop = cropSquare(image, box);
        const points = toPoints(await run(crop.image), crop.side, (x, y) => ({ x: crop.originX + x, y: crop.originY + y }));
        roll ??= rollOf(points);
        if (Math.abs(roll) <= ROLL_CORRECTION_RAD) return points;
      }
      // A tilted head: measure again on an upright crop, twice, the second time with the roll the first found.
      let points: Point[] = [];
      for (let pass = 0; pass < 2; pass++) {
        const crop = cropRotated(image, box, roll, INPUT_SIZE);
        points = toPoints(await run(crop.image), crop.side, crop.toPhoto);
        roll = rollOf(points);
      }
      return points;
    },
    dispose(): void {
      if (weights) disposeWeights(weights);
      weights = undefined;
    },
  };
}
