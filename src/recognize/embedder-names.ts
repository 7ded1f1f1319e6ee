/**
 * The names of the built-in encoders and the default one, apart from the networks, so that a
 * command's options and help (`maskface enroll --help`) load no model module (issue 25).
 */
import { ARCFACE_MOBILEFACENET_NAME } from '../models/arcface-mobilefacenet/constants.js';
import { ARCFACE_MASKINV_NAME } from '../models/arcface-mobilefacenet-maskinv/constants.js';
import { DLIB_RESNET34_NAME } from '../models/dlib-resnet34/constants.js';
import { FACERES_NAME } from '../models/faceres/constants.js';
import { MOBILEFACE_NAME } from '../models/mobileface/constants.js';
import { MOBILEFACE_TUNED_NAME } from '../models/mobileface-tuned/constants.js';

/** faceres on the whole chip plus the upper-face view (see `DEFAULT_CROPS`). */
export const FACERES_UPPER_NAME = `${FACERES_NAME}+upper`;
/** faceres whole chip and upper view, fused with dlib ResNet-34 on its own chip. */
export const FACERES_UPPER_DLIB_NAME = `${FACERES_UPPER_NAME}+${DLIB_RESNET34_NAME}`;
/** faceres whole chip and upper view, fused with MobileFace on its ArcFace-aligned chip. */
export const FACERES_UPPER_MOBILEFACE_NAME = `${FACERES_UPPER_NAME}+${MOBILEFACE_NAME}`;
/** faceres whole chip and upper view, fused with arcface-mobilefacenet on its ArcFace chip. */
export const FACERES_UPPER_ARCFACE_NAME = `${FACERES_UPPER_NAME}+${ARCFACE_MOBILEFACENET_NAME}`;
/** faceres whole chip and upper view, fused with the distilled arcface-mobilefacenet-maskinv on its ArcFace chip. */
export const FACERES_UPPER_MASKINV_NAME = `${FACERES_UPPER_NAME}+${ARCFACE_MASKINV_NAME}`;
/** The default encoder's three views plus MobileFace. */
export const FACERES_UPPER_DLIB_MOBILEFACE_NAME = `${FACERES_UPPER_DLIB_NAME}+${MOBILEFACE_NAME}`;
export const EMBEDDER_NAMES = [
  FACERES_UPPER_DLIB_NAME,
  FACERES_UPPER_NAME,
  FACERES_NAME,
  DLIB_RESNET34_NAME,
  MOBILEFACE_NAME,
  FACERES_UPPER_MOBILEFACE_NAME,
  FACERES_UPPER_DLIB_MOBILEFACE_NAME,
  MOBILEFACE_TUNED_NAME,
  ARCFACE_MOBILEFACENET_NAME,
  FACERES_UPPER_ARCFACE_NAME,
  ARCFACE_MASKINV_NAME,
  FACERES_UPPER_MASKINV_NAME,
] as const;
export type EmbedderName = (typeof EMBEDDER_NAMES)[number];
/**
 * Embedder of a new gallery (issue 24): faceres on the whole chip and the upper face, fused with the
 * distilled arcface-mobilefacenet-maskinv on its ArcFace chip (the weights of issue 23's encoder,
 * FACERES_UPPER_ARCFACE_WEIGHTS), mirrors added. Chosen on the LFW development set (`node --import tsx
 * bench/recognize-lfw.ts --dev [--embedder ...]`: 20 people enrolled from 3 photos, 158 masked probes,
 * 100 held-out strangers), 2026-12-08:
 * - out of the box (shipped cohort, masked side at COHORT_MASKED_FAR), masked probes named / masked
 *   strangers rejected: this encoder 96.2 / 96 %, issue 23's faceres+upper+arcface-mobilefacenet 83.5 /
 *   95 %, the one before (faceres + upper + dlib ResNet-34 + MobileFace) 58.9 / 95 %;
 * - calibrated at 5 % FAR, masked top-1 closed / open set and strangers rejected: this encoder 99.4 /
 *   99.4 / 99 %, issue 23's 98.7 / 98.7 / 98 %; arcface-mobilefacenet-maskinv alone 99.4 / 98.7 / 94 %.
 * Issue 23 kept faceres in the fusion for the README's Hamilton check (stage light, turned heads),
 * where ArcFace alone named Lin-Manuel Miranda on 93 of his 149 frames.
 */
export const DEFAULT_EMBEDDER: EmbedderName = FACERES_UPPER_MASKINV_NAME;

export function isEmbedderName(name: string): name is EmbedderName {
  return (EMBEDDER_NAMES as readonly string[]).includes(name);
}

/** Prefix of a user's ArcFace-convention ONNX model as an embedder: `onnx:<file>`. */
export const ONNX_PREFIX = 'onnx:';

export const isOnnxEmbedder = (name: string): boolean => name.startsWith(ONNX_PREFIX);
