/**
 * The settings that change what `maskface recognize` finds, defined once: the command line checks
 * them, and a recognition job on the queue carries and re-checks them (src/queue/), so a worker
 * recognises with exactly the settings the command would have used.
 */
import { z } from 'zod';
import { DETECTOR_KINDS } from '../face/detector-kinds.js';
import { DEFAULT_DETECT_EVERY, DEFAULT_MIN_FACE_SCORE, DEFAULT_REIDENTIFY_EVERY } from './defaults.js';
import { DEFAULT_EMBEDDER, EMBEDDER_NAMES, ONNX_PREFIX, isEmbedderName, isOnnxEmbedder } from './embedder-names.js';
import type { MediaOptions } from './recognize-media.js';
import type { OpenRecognizerOptions } from './open-recognizer.js';

export const RecognitionSettingsSchema = z.object({
  /** Threshold overriding the source's: cosine similarity for a gallery, class probability for a model; default the source's own. */
  threshold: z.coerce.number().min(-1).max(1).optional(),
  /** Video: run the detector every N frames; default DEFAULT_DETECT_EVERY (8). */
  detectEvery: z.coerce.number().int().min(1).default(DEFAULT_DETECT_EVERY),
  /** Video: recognise a tracked face again every N detection rounds; default DEFAULT_REIDENTIFY_EVERY (8). */
  reidentifyEvery: z.coerce.number().int().min(1).default(DEFAULT_REIDENTIFY_EVERY),
  /** Face detector; default mtcnn. */
  detector: z.enum(DETECTOR_KINDS).default('mtcnn'),
  /** Photos are face crops: recognise each whole, without detection; default false. */
  faceCrops: z.boolean().default(false),
});
export type RecognitionSettings = z.output<typeof RecognitionSettingsSchema>;

/** What `openRecognizer` needs of the settings (the source itself comes apart). */
export function recognizerOptions(settings: RecognitionSettings): OpenRecognizerOptions {
  return { detector: settings.detector, ...(settings.threshold === undefined ? {} : { threshold: settings.threshold }) };
}

/** What `recognizeMedia` needs of the settings, with the caller's callbacks. */
export function mediaOptions(settings: RecognitionSettings, callbacks: Pick<MediaOptions, 'onFrame' | 'onRecord' | 'onPhotoRecord' | 'onSkipped'> = {}): MediaOptions {
  return { detectEvery: settings.detectEvery, reidentifyEvery: settings.reidentifyEvery, faceCrops: settings.faceCrops, ...callbacks };
}

/** A built-in embedder's name or `onnx:<file>` (a user's ArcFace-convention ONNX model). */
export const EmbedderNameSchema = z
  .string()
  .refine((name) => isEmbedderName(name) || (isOnnxEmbedder(name) && name.length > ONNX_PREFIX.length), { message: `expected ${EMBEDDER_NAMES.join(', ')} or onnx:<file>` });

export const EnrolmentSettingsSchema = z.object({
  /** Embedder of a new gallery; default DEFAULT_EMBEDDER (ignored for an existing gallery). */
  embedder: EmbedderNameSchema.default(DEFAULT_EMBEDDER),
  /** Add synthetic masked samples when every photo is unmasked; default true. */
  syntheticMasks: z.boolean().default(true),
  /** Minimum face detector score in [0, 1]; default DEFAULT_MIN_FACE_SCORE (0.8). */
  minFaceScore: z.coerce.number().min(0).max(1).default(DEFAULT_MIN_FACE_SCORE),
});
export type EnrolmentSettings = z.output<typeof EnrolmentSettingsSchema>;
