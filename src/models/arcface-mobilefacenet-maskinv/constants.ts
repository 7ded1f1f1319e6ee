/**
 * Constants of `arcface-mobilefacenet-maskinv`: `arcface-mobilefacenet` after maskface's
 * mask-invariant distillation (`maskface distill`, issue 24; recipe in docs/models.md and
 * `weights/NOTICE.md`). The file scales its own input (Sub and Mul first), so it is fed raw RGB
 * pixels of an ArcFace-aligned 112x112 chip.
 */
import { fileURLToPath } from 'node:url';

export const ARCFACE_MASKINV_NAME = 'arcface-mobilefacenet-maskinv';
export const ARCFACE_MASKINV_INPUT_SIZE = 112;
export const ARCFACE_MASKINV_DIMENSION = 512;
export const ARCFACE_MASKINV_FILE = 'arcface-mobilefacenet-maskinv.onnx';

/** The shipped student; loading never reaches the network. */
export function defaultArcfaceMaskinvPath(): string {
  return fileURLToPath(new URL(`./weights/${ARCFACE_MASKINV_FILE}`, import.meta.url));
}
