/**
 * `<report>/experiment.json`: the options, command line, machine and prepared data of an
 * experiment. Written before the first run and kept across resumed runs (its start time too), so
 * the report of a resumed experiment is the report of an uninterrupted one.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SmoteSettingsShape } from '../balance/settings.js';
import { MaskfaceError } from '../errors.js';
import { writeFileAtomic } from '../image/io.js';
import { BACKBONES } from '../model-folder/backbones.js';

export const EXPERIMENT_FILE = 'experiment.json';

export const ArmSummarySchema = z.object({
  arm: z.enum(['real', 'simulated']),
  /** Source dataset folder. */
  source: z.string(),
  /** Prepared data, relative to the report folder. */
  dir: z.string(),
  people: z.array(z.string()),
  photos: z.object({ masked: z.number().int(), unmasked: z.number().int() }),
  split: z.object({ train: z.number().int(), test: z.number().int() }),
  /** SHA-256 over the kept photos' person, group, split and source bytes hash. */
  dataHash: z.string(),
  /** Simulated arm: photos with no face found, so no masked copy. */
  noFace: z.number().int(),
  /** What near-duplicate grouping did to the split; records before it: the plain split. */
  nearDuplicates: z.string().default('not grouped'),
});
export type ArmSummary = z.infer<typeof ArmSummarySchema>;

export const ExperimentRecordSchema = z.object({
  version: z.literal(1),
  fingerprint: z.string(),
  commandLine: z.string(),
  /** ISO time of the first start; a resumed experiment keeps it. */
  startedAt: z.string(),
  options: z.object({
    real: z.string(),
    simulated: z.string(),
    runs: z.number().int(),
    protocols: z.array(z.enum(['leak-free', 'paper'])),
    backbone: z.enum(BACKBONES),
    people: z.number().int(),
    maxPhotos: z.number().int().nullable(),
    epochs: z.number().int(),
    learningRate: z.number(),
    batchSize: z.number().int(),
    patience: z.number().int(),
    seed: z.number().int(),
    /** SMOTE's settings; records written before they were options (issue 17) used the defaults. */
    k: SmoteSettingsShape.k,
    smallClass: SmoteSettingsShape.smallClass,
    /** Near-duplicate grouping of the leak-free split; records before it: null (the plain split). */
    nearDuplicate: z.number().nullable().default(null),
    maskType: z.string(),
    maskColor: z.string(),
    only: z.array(z.string()).nullable(),
  }),
  machine: z.object({ cpuModel: z.string(), cores: z.number().int(), memoryGiB: z.number(), os: z.string(), node: z.string() }),
  arms: z.array(ArmSummarySchema),
});
export type ExperimentRecord = z.infer<typeof ExperimentRecordSchema>;

export async function readExperimentRecord(reportDir: string): Promise<ExperimentRecord | undefined> {
  const path = join(reportDir, EXPERIMENT_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = ExperimentRecordSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `${path}: not a maskface experiment record (${parsed.error.issues[0]?.message ?? 'invalid'}). Use a new --out folder.`, { file: path });
  }
  return parsed.data;
}

export async function writeExperimentRecord(reportDir: string, record: ExperimentRecord): Promise<void> {
  await writeFileAtomic(join(reportDir, EXPERIMENT_FILE), `${JSON.stringify(ExperimentRecordSchema.parse(record), null, 1)}\n`);
}
