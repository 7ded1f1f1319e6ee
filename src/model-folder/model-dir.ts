/**
 * A trained model's folder: `model.json` (people, backbone, preprocessing, options, history,
 * metrics, software versions), `weights-best.bin` (the epoch ModelCheckpoint kept),
 * `checkpoint-last.bin` (the last epoch's weights with the optimiser and loop state: the final
 * model, and where `--resume` continues), `history.json` (one record per epoch, for plots).
 * Reading it is here, where recognition and evaluation find it; training writes it
 * (src/train/write-model-dir.ts and train-model.ts).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Tf } from '../engine/tf.js';
import { MaskfaceError } from '../errors.js';
import { BACKBONE_DIMENSIONS, BACKBONES, isBackboneName } from './backbones.js';
import type { Network } from './network.js';
import { buildBackboneNetwork, buildVgg16Network } from './network.js';
import { assignWeights } from './network-weights.js';
import { FINE_TUNE_MODES } from './network.js';
import { readTensorFile } from './tensor-file.js';

export const MODEL_FILE = 'model.json';
export const BEST_WEIGHTS_FILE = 'weights-best.bin';
export const LAST_CHECKPOINT_FILE = 'checkpoint-last.bin';
export const HISTORY_FILE = 'history.json';

const EpochSchema = z.object({ epoch: z.number(), loss: z.number().nullable(), accuracy: z.number(), valLoss: z.number().nullable(), valAccuracy: z.number(), lr: z.number(), seconds: z.number() });

export const ModelMetaSchema = z.object({
  format: z.literal('maskface-classifier'),
  version: z.literal(1),
  /** People, in class-index order. */
  classes: z.array(z.string()).min(2),
  backbone: z.enum(BACKBONES),
  fineTune: z.enum(FINE_TUNE_MODES),
  /** Side of the letterboxed square every photo becomes, pixels. */
  inputSize: z.number().int().positive(),
  /** VGG16 filters per block when not the standard ones (tests). */
  vgg16Blocks: z.array(z.array(z.number().int())).optional(),
  /** In words: what a photo goes through before the network. */
  preprocessing: z.string(),
  /** The backbone embedder's variant when it has one (alignment, weights file hash): loading checks it. */
  backboneVariant: z.string().optional(),
  /** Where the VGG16 weights came from: a file path or "random". */
  initialWeights: z.string(),
  options: z.record(z.string(), z.unknown()),
  history: z.array(EpochSchema),
  bestEpoch: z.number().int(),
  bestValAccuracy: z.number(),
  software: z.record(z.string(), z.string()),
  createdAt: z.string(),
});
export type ModelMeta = z.infer<typeof ModelMetaSchema>;

export async function readModelMeta(dir: string): Promise<ModelMeta> {
  const path = join(dir, MODEL_FILE);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw new MaskfaceError('MF_FILE_NOT_FOUND', `${path}: no readable model.json. Give a folder written by \`maskface train --out <dir>\`.`, { file: path });
  }
  const parsed = ModelMetaSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MaskfaceError('MF_BAD_WEIGHTS', `${path}: not a maskface model (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}). Train the model again.`, { file: path });
  }
  return parsed.data;
}

/** The network a model folder describes, with random weights. */
export function networkFor(tf: Tf, meta: Pick<ModelMeta, 'classes' | 'backbone' | 'fineTune' | 'inputSize' | 'vgg16Blocks'>): Network {
  const classes = meta.classes.length;
  if (isBackboneName(meta.backbone)) return buildBackboneNetwork(tf, { classes, dimension: BACKBONE_DIMENSIONS[meta.backbone] });
  return buildVgg16Network(tf, { classes, inputSize: meta.inputSize, fineTune: meta.fineTune, ...(meta.vgg16Blocks ? { blocks: meta.vgg16Blocks } : {}) });
}

export interface LoadedModel {
  readonly meta: ModelMeta;
  readonly net: Network;
}

/** Loads a model folder: the best checkpoint (default) or the last epoch's weights. */
export async function loadModel(tf: Tf, dir: string, which: 'best' | 'last' = 'best'): Promise<LoadedModel> {
  const meta = await readModelMeta(dir);
  const file = join(dir, which === 'best' ? BEST_WEIGHTS_FILE : LAST_CHECKPOINT_FILE);
  const { arrays } = await readTensorFile(file);
  const net = networkFor(tf, meta);
  assignWeights(tf, net, arrays, file);
  return { meta, net };
}
