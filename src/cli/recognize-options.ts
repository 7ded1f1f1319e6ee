/**
 * The flags of the settings that change what recognition and enrolment find, defined once for
 * `maskface recognize` and `maskface queue recognize` (and `enroll` with or without `--queue`); their
 * checks are the library's schemas (src/recognize/recognition-settings.ts).
 */
import type { Command } from 'commander';
import type { z } from 'zod';
import { invalidArgument } from '../errors.js';
import { DETECTOR_KINDS } from '../face/detector-kinds.js';
import { DEFAULT_DETECT_EVERY, DEFAULT_MIN_FACE_SCORE, DEFAULT_REIDENTIFY_EVERY } from '../recognize/defaults.js';
import { DEFAULT_EMBEDDER, EMBEDDER_NAMES } from '../recognize/embedder-names.js';

/** Adds --threshold, --detect-every, --reidentify-every, --detector and --face-crops. */
export function addRecognitionOptions(command: Command): Command {
  return command
    .option('--threshold <t>', 'gallery: cosine similarity (default: calibrated); model: class probability (default 0.5)')
    .option('--detect-every <n>', 'video: detect faces every N frames, track in between', String(DEFAULT_DETECT_EVERY))
    .option('--reidentify-every <n>', 'video: recognise tracked faces again every N detections', String(DEFAULT_REIDENTIFY_EVERY))
    .option('--detector <kind>', `face detector (${DETECTOR_KINDS.join(', ')})`, 'mtcnn')
    .option('--face-crops', 'the photos are already face crops (as RMFD\'s or a prepared dataset\'s): recognise each whole photo, without face detection');
}

/** Adds --embedder, --no-synthetic-masks and --min-face-score. */
export function addEnrolmentOptions(command: Command): Command {
  return command
    .option('--embedder <name>', `embedder of a new gallery (${EMBEDDER_NAMES.join(', ')}, or onnx:<file> for an ArcFace-convention ONNX model)`, DEFAULT_EMBEDDER)
    .option('--no-synthetic-masks', 'do not add synthetic masked samples')
    .option('--min-face-score <s>', 'minimum face detector score, 0..1', String(DEFAULT_MIN_FACE_SCORE));
}

/** Checks a command's flags against its schema; the error names the first bad flag. */
export function parseFlags<S extends z.ZodType>(command: string, schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidArgument(`${command} --${String(issue?.path[0])}`, issue?.message ?? 'a valid value', raw);
  }
  return parsed.data;
}
