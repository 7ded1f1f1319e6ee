/** Constants of dlib's ResNet-34 face descriptor as ported to TensorFlow.js by face-api.js. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const DLIB_RESNET34_NAME = 'dlib-resnet34';
/** Side of the square input in pixels (dlib's `extract_image_chip` size). */
export const DLIB_RESNET34_INPUT_SIZE = 150;
export const DLIB_RESNET34_DIMENSION = 128;
/** Per-channel RGB mean subtracted before scaling by 1/255 (face-api `FaceRecognitionNet.forwardInput`). */
export const DLIB_RESNET34_MEAN_RGB: readonly [number, number, number] = [122.782, 117.001, 104.298];
/**
 * dlib trains on chips that reach from the brows to below the chin with some margin (about 25 % of
 * the chip around the 68 landmarks); a tight detector box is enlarged by this factor to match.
 */
export const DLIB_RESNET34_CROP_SCALE = 1.25;

/** The weights manifest inside node_modules; loading never reaches the network. */
export function defaultDlibResnet34ManifestPath(): string {
  const require = createRequire(import.meta.url);
  // The package exports only its dist/ entry points; the model folder sits beside dist/.
  return join(dirname(require.resolve('@vladmandic/face-api')), '..', 'model', 'face_recognition_model-weights_manifest.json');
}
