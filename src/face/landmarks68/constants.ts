/**
 * Constants of face-api.js's `FaceLandmark68Net` (Vincent Mühler, MIT; weights shipped by
 * `@vladmandic/face-api`): a small DenseNet-style net that regresses the 68 iBUG 300-W points of
 * one face crop.
 */

/** The net sees a 112x112 crop of the face box, padded to a square. */
export const INPUT_SIZE = 112;

/** Per-channel RGB mean subtracted before dividing by 255, as face-api.js trained it. */
export const MEAN_RGB: readonly [number, number, number] = [122.782, 117.001, 104.298];

/** Number of points the net predicts. */
export const LANDMARK_COUNT = 68;

/** Base name of the weight files (`<name>-weights_manifest.json` and `<name>.bin`). */
export const MODEL_NAME = 'face_landmark_68_model';
