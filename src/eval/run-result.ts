/**
 * One finished training run, saved as JSON (written atomically) under
 * `<report>/runs/<protocol>/<configuration>/run-<k>.json`. The runner skips a run whose file exists,
 * so an interrupted experiment resumes where it stopped; the report reads only these files.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { MaskfaceError } from '../errors.js';
import { writeFileAtomic } from '../image/io.js';
import { BACKBONES } from '../model-folder/backbones.js';

const share = z.number().min(0).max(1);

export const EpochRecordSchema = z.object({
  epoch: z.number().int().positive(),
  /** Mean training cross-entropy, nats; null where it was not finite. */
  loss: z.number().nullable(),
  accuracy: share,
  valAccuracy: share,
  lr: z.number().positive(),
});

export const RunResultSchema = z.object({
  version: z.literal(1),
  /** Fingerprint of the options that change results (see experiment-options.ts). */
  fingerprint: z.string(),
  protocol: z.enum(['paper', 'leak-free']),
  configuration: z.string(),
  /** Data hash of the prepared arm it trained on (arms.ts manifestHash). */
  dataHash: z.string(),
  /** 1-based run number. */
  run: z.number().int().positive(),
  seed: z.number().int(),
  backbone: z.enum(BACKBONES),
  epochs: z.number().int().positive(),
  counts: z.object({
    trainBeforeBalancing: z.number().int().nonnegative(),
    trainAfterBalancing: z.number().int().nonnegative(),
    test: z.number().int().nonnegative(),
    totalImages: z.number().int().nonnegative(),
  }),
  history: z.array(EpochRecordSchema),
  bestEpoch: z.number().int().nonnegative(),
  /** Epochs after which the learning rate dropped. */
  lrDrops: z.array(z.number().int()),
  predictions: z.object({
    classes: z.array(z.string()),
    truth: z.array(z.number().int().nonnegative()),
    predicted: z.array(z.number().int().nonnegative()),
    kinds: z.array(z.enum(['masked', 'unmasked', 'synthetic'])),
  }),
  metrics: z.object({
    accuracy: share,
    macroF1: share,
    maskedAccuracy: share.nullable(),
    unmaskedAccuracy: share.nullable(),
    counts: z.object({ masked: z.number().int(), unmasked: z.number().int(), synthetic: z.number().int() }),
    n: z.number().int().nonnegative(),
  }),
  confusion: z.array(z.array(z.number().int().nonnegative())),
  /** Wall-clock seconds: training (features, balancing, epochs), evaluation, and both. */
  seconds: z.object({ train: z.number().nonnegative(), evaluate: z.number().nonnegative(), total: z.number().nonnegative() }),
});
export type RunResult = z.infer<typeof RunResultSchema>;

export const RUNS_DIR = 'runs';

export function runResultPath(reportDir: string, protocol: string, configuration: string, run: number): string {
  return join(reportDir, RUNS_DIR, protocol, configuration, `run-${run}.json`);
}

export async function writeRunResult(path: string, result: RunResult): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(RunResultSchema.parse(result), null, 1)}\n`);
}

/** The run saved at `path`, or undefined when there is none yet. */
export async function readRunResult(path: string): Promise<RunResult | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `${path}: not valid JSON (${(err as Error).message}). Delete the file to run this training again.`, { file: path });
  }
  const parsed = RunResultSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MaskfaceError(
      'MF_INVALID_ARGUMENT',
      `${path}: not a maskface run result (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}). Delete the file to run this training again.`,
      { file: path },
    );
  }
  return parsed.data;
}
