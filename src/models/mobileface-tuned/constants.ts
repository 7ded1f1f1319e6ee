/**
 * Constants of `mobileface-tuned`: MobileFace's trunk with its descriptor layer fine-tuned by
 * `maskface fit-backbone` (CosFace loss, synthetic masks, people no benchmark tests). The layer
 * shipped in `weights/head.bin` is made by the command in docs/models.md.
 */
import { fileURLToPath } from 'node:url';

export const MOBILEFACE_TUNED_NAME = 'mobileface-tuned';
/** The file a fit-backbone folder keeps its best layer in. */
export const HEAD_FILE = 'head.bin';
/** `meta.format` of that file. */
export const HEAD_FORMAT = 'maskface-mobileface-head';

export interface TunedHeadMeta {
  readonly format: typeof HEAD_FORMAT;
  readonly inputDimension: number;
  readonly outputDimension: number;
  /** The epoch kept (best development score). */
  readonly epoch: number;
  /** Its development score, and the shipped MobileFace layer's on the same people. */
  readonly dev: { readonly masked: number; readonly unmasked: number; readonly score: number };
  readonly before: { readonly masked: number; readonly unmasked: number; readonly score: number };
  /** How it was made: data, options, software. */
  readonly recipe: Record<string, unknown>;
}

/** The layer shipped with maskface. */
export function defaultTunedHeadPath(): string {
  return fileURLToPath(new URL(`./weights/${HEAD_FILE}`, import.meta.url));
}
