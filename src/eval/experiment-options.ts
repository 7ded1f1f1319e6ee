/**
 * Options of `maskface experiment`, validated once where they enter (STYLE point 4). The fingerprint
 * covers every option that changes a run's result, so a rerun with other options cannot silently
 * mix its runs with the old ones.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_K, DEFAULT_SMALL_CLASS } from '../balance/smote.js';
import { SmoteSettingsShape } from '../balance/settings.js';
import { NEAR_DUPLICATE_COSINE } from '../data/near-duplicates.js';
import { MaskfaceError } from '../errors.js';
import { CONFIGURATIONS, PROTOCOLS } from './configurations.js';
import { BACKBONES } from '../model-folder/backbones.js';
import type { Backbone } from './trainer.js';

export interface TrainingDefaults {
  readonly epochs: number;
  /** Adam learning rate. */
  readonly learningRate: number;
  /** Photos per optimiser step. */
  readonly batchSize: number;
  /** ReduceLROnPlateau patience, epochs. */
  readonly patience: number;
}

/**
 * Training settings when not given. VGG16 keeps the paper's (Table III: Adam 1e-5, batch 128,
 * patience 100) but fewer epochs: its 800 took 13-16 h on a GPU. The head over a frozen face
 * embedding learns nothing measurable at 1e-5 in tens of epochs (6.6% after 30 epochs on the real
 * arm), so it trains at 1e-3 for 30 epochs, with a patience that lets the learning-rate drop happen.
 */
const FACE_EMBEDDER_DEFAULTS: TrainingDefaults = { epochs: 30, learningRate: 1e-3, batchSize: 128, patience: 10 };
export const TRAINING_DEFAULTS: Readonly<Record<Backbone, TrainingDefaults>> = {
  faceres: FACE_EMBEDDER_DEFAULTS,
  'dlib-resnet34': FACE_EMBEDDER_DEFAULTS,
  mobileface: FACE_EMBEDDER_DEFAULTS,
  'mobileface-tuned': FACE_EMBEDDER_DEFAULTS,
  'arcface-mobilefacenet': FACE_EMBEDDER_DEFAULTS,
  vgg16: { epochs: 20, learningRate: 1e-5, batchSize: 128, patience: 100 },
};

export const ExperimentOptionsSchema = z.object({
  /** RMFD folder of the real arm (AFDB_face_dataset/ and AFDB_masked_face_dataset/). */
  real: z.string().min(1),
  /** Folder of unmasked photos (one folder per person, or RMFD layout) for the simulated arm. */
  simulated: z.string().min(1),
  /** Report folder; runs, prepared data and figures go below it. */
  out: z.string().min(1),
  /** Runs of each SMOTE configuration (Table V). Default 5. */
  runs: z.number().int().min(1).max(50).default(5),
  /** Protocols, reported side by side. Default both. */
  protocols: z.array(z.enum(['leak-free', 'paper'])).min(1).default([...PROTOCOLS]),
  /** Feature extractor under the paper's head. Default faceres. */
  backbone: z.enum(BACKBONES).default('faceres'),
  /** People per arm: the real arm takes those with the most masked photos, the simulated arm those with the most photos. Default 30. */
  people: z.number().int().min(2).max(10_000).default(30),
  /** At most this many photos per person in the simulated arm (the first by file name); default all. */
  maxPhotos: z.number().int().min(2).optional(),
  /** Epochs per training; default by backbone (TRAINING_DEFAULTS). */
  epochs: z.number().int().min(1).max(100_000).optional(),
  /** Adam learning rate; default by backbone. */
  learningRate: z.number().positive().max(1).optional(),
  /** Photos per optimiser step; default by backbone. */
  batchSize: z.number().int().min(1).optional(),
  /** ReduceLROnPlateau patience in epochs; default by backbone. */
  patience: z.number().int().min(1).optional(),
  /**
   * Near-duplicate photos of one person (faceres cosine above this) stay on one side of the
   * leak-free split, as `maskface dataset prepare` keeps them; null: the paper's plain split.
   * Default NEAR_DUPLICATE_COSINE (0.85).
   */
  nearDuplicate: z.number().gt(0).lt(1).nullable().default(NEAR_DUPLICATE_COSINE),
  /** Base seed: split, masks, run 1's training (the paper's random_state 42). Default 42. */
  seed: z.number().int().min(0).default(42),
  /** SMOTE's k (default 5) and small-class policy (default 'error') in the SMOTE configurations: src/balance/settings.ts. */
  ...SmoteSettingsShape,
  /** Simulated masks: MaskTheFace type and colour. The paper used black cloth masks. */
  maskType: z.string().min(1).default('cloth'),
  maskColor: z.string().min(1).default('black'),
  /** Keep each run's model folder (weights, checkpoints) under <out>/models; default false: the run JSON keeps what the report needs. */
  keepModels: z.boolean().default(false),
  /** Only these configurations (ids of CONFIGURATIONS); default all four. */
  only: z.array(z.string()).optional(),
});
export type ExperimentOptionsInput = z.input<typeof ExperimentOptionsSchema>;
export type ExperimentOptions = Readonly<Omit<z.output<typeof ExperimentOptionsSchema>, keyof TrainingDefaults> & TrainingDefaults>;

export function resolveExperimentOptions(input: ExperimentOptionsInput): ExperimentOptions {
  const parsed = ExperimentOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `experiment option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}.`);
  }
  const o = parsed.data;
  const known = CONFIGURATIONS.map((c) => c.id);
  const unknown = (o.only ?? []).filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `--only: unknown configuration ${unknown.join(', ')}; expected some of ${known.join(', ')}.`);
  }
  return Object.freeze({
    ...o,
    real: resolve(o.real),
    simulated: resolve(o.simulated),
    out: resolve(o.out),
    protocols: [...new Set(o.protocols)].sort((a, b) => PROTOCOLS.indexOf(a) - PROTOCOLS.indexOf(b)),
    epochs: o.epochs ?? TRAINING_DEFAULTS[o.backbone].epochs,
    learningRate: o.learningRate ?? TRAINING_DEFAULTS[o.backbone].learningRate,
    batchSize: o.batchSize ?? TRAINING_DEFAULTS[o.backbone].batchSize,
    patience: o.patience ?? TRAINING_DEFAULTS[o.backbone].patience,
  });
}

/** The options that change what a run computes (not: runs, protocols, out, only, keepModels). */
export function resultRelevantOptions(o: ExperimentOptions) {
  return {
    real: o.real,
    simulated: o.simulated,
    backbone: o.backbone,
    people: o.people,
    maxPhotos: o.maxPhotos ?? null,
    epochs: o.epochs,
    learningRate: o.learningRate,
    batchSize: o.batchSize,
    patience: o.patience,
    seed: o.seed,
    maskType: o.maskType,
    maskColor: o.maskColor,
    k: o.k,
    smallClass: o.smallClass,
    nearDuplicate: o.nearDuplicate,
  };
}

/**
 * A short hash of `resultRelevantOptions`: runs computed under other options are not reused. SMOTE's
 * settings enter it only when they differ from their defaults, so that an experiment started
 * before they were options (issue 17) keeps its fingerprint and still resumes.
 */
export function resultFingerprint(o: ExperimentOptions): string {
  const { k, smallClass, nearDuplicate, ...rest } = resultRelevantOptions(o);
  const hashed = { ...rest, ...(k !== DEFAULT_K && { k }), ...(smallClass !== DEFAULT_SMALL_CLASS && { smallClass }), ...(nearDuplicate !== null && { nearDuplicate }) };
  return createHash('sha256').update(JSON.stringify(hashed)).digest('hex').slice(0, 16);
}
