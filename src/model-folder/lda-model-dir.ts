/**
 * An lda model folder (`maskface train --method lda`, issue 10): `model.json` (format
 * `maskface-lda`: people, embedder, threshold, counts) and `lda-recognizer.json`
 * (`LdaRecognizer.toJSON()`). Reading it is here, where recognition and evaluation find it;
 * training writes it (src/train/lda-model.ts).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { MaskfaceError } from '../errors.js';
import { LdaRecognizer, type LdaRecognizerJson } from '../methods/lda-recognizer.js';
import type { Embedder } from '../models/types.js';
import { DEFAULT_LDA_FEATURES, LDA_FEATURES, type LdaFeaturesName, loadLdaFeatures } from '../methods/lda-features.js';
import { MODEL_FILE } from './model-dir.js';

export const LDA_MODEL_FORMAT = 'maskface-lda';
export const LDA_RECOGNIZER_FILE = 'lda-recognizer.json';

export const LdaModelMetaSchema = z.object({
  format: z.literal(LDA_MODEL_FORMAT),
  version: z.literal(1),
  method: z.literal('lda'),
  /** People, in class-index order (sorted). */
  classes: z.array(z.string()).min(2),
  /** Feature set whose vectors the projection takes (src/methods/lda-features.ts; older models: `mask-robust-flip` or `mask-robust`). */
  embedder: z.enum(LDA_FEATURES),
  dimension: z.number().int().positive(),
  /** Side of the letterboxed square a photo becomes before the embedder, pixels. */
  inputSize: z.number().int().positive(),
  /** In words: what a photo goes through before the projection. */
  preprocessing: z.string(),
  /** File of the folder holding `LdaRecognizer.toJSON()`. */
  recognizer: z.string(),
  /** Open-set threshold (cosine in the projected space) for 5 % false accepts on inner-CV impostors. */
  threshold: z.number(),
  options: z.record(z.string(), z.unknown()),
  counts: z.object({ train: z.number().int(), trainMasked: z.number().int(), trainUnmasked: z.number().int(), test: z.number().int(), backgroundPeople: z.number().int().optional(), backgroundPhotos: z.number().int().optional() }),
  /** Who shaped the projection besides the trained people: `shipped cohort`, a folder, or `none` (absent in older models). */
  background: z.string().optional(),
  /** Closed-set top-1 on the test split at training time, 0..1. */
  testAccuracy: z.number(),
  software: z.record(z.string(), z.string()),
  createdAt: z.string(),
});
export type LdaModelMeta = z.infer<typeof LdaModelMetaSchema>;

export interface LdaModel {
  readonly meta: LdaModelMeta;
  readonly recognizer: LdaRecognizer;
}

/** Whether `dir`'s model.json describes an lda model (false when missing or of another format). */
export async function isLdaModelDir(dir: string): Promise<boolean> {
  try {
    const json = JSON.parse(await readFile(join(dir, MODEL_FILE), 'utf8')) as { format?: unknown };
    return json.format === LDA_MODEL_FORMAT;
  } catch {
    return false;
  }
}

async function readJson(path: string, fix: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw new MaskfaceError('MF_FILE_NOT_FOUND', `${path}: missing or not JSON. ${fix}`, { file: path });
  }
}

export async function readLdaModel(dir: string): Promise<LdaModel> {
  const metaPath = join(dir, MODEL_FILE);
  const parsed = LdaModelMetaSchema.safeParse(await readJson(metaPath, 'Give a folder written by `maskface train --method lda`.'));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MaskfaceError('MF_BAD_WEIGHTS', `${metaPath}: not an lda model (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}). Train the model again.`, { file: metaPath });
  }
  const meta = parsed.data;
  const path = join(dir, meta.recognizer);
  const recognizer = LdaRecognizer.fromJSON((await readJson(path, 'Train the model again with `maskface train --method lda`.')) as LdaRecognizerJson);
  if ([...recognizer.labels].sort().join('\n') !== meta.classes.join('\n') || recognizer.projection.inputDimension !== meta.dimension) {
    throw new MaskfaceError('MF_BAD_WEIGHTS', `${path}: its people or input size do not match ${metaPath}. Train the model again.`, { file: path });
  }
  return { meta, recognizer };
}

/** The feature embedder a model was trained with. */
export function loadModelEmbedder(name: LdaFeaturesName = DEFAULT_LDA_FEATURES): Promise<Embedder> {
  return loadLdaFeatures(name);
}
