/**
 * What the experiment runner needs from training: one call that trains a configuration on a
 * prepared dataset and returns the epoch history and the test-set answers. The runner computes every
 * metric itself from those answers, so all tables come from one place (metrics.ts).
 */
import type { SmallClassPolicy } from '../balance/smote.js';
import type { Balancing, Protocol } from './configurations.js';
import type { Predictions } from './metrics.js';
import type { Backbone } from '../model-folder/backbones.js';

/** `vgg16`: fine-tune blocks 4-5 on letterboxed pixels; the others: a frozen face embedder's features (the head's list, one place). */
export type { Backbone };

export interface TrainRunConfig {
  /** Prepared dataset (a folder with manifest.json); its train/test split is the leak-free split. */
  readonly dataDir: string;
  readonly backbone: Backbone;
  readonly balance: Balancing;
  readonly protocol: Protocol;
  /** Epochs to train (the paper: 800). */
  readonly epochs: number;
  /** Adam learning rate (the paper: 1e-5). */
  readonly learningRate: number;
  /** Photos per optimiser step (the paper: 128). */
  readonly batchSize: number;
  /** ReduceLROnPlateau patience, epochs (the paper: 100). */
  readonly patience: number;
  /** Seed of weight initialisation, shuffling, balancing (and, under the paper protocol, the split). */
  readonly seed: number;
  /** SMOTE nearest neighbours (the SMOTE configurations; default 5). */
  readonly k: number;
  /** SMOTE on a person with k or fewer training photos: stop with an error, or shrink k. */
  readonly smallClass: SmallClassPolicy;
  /** A folder this run may write its model and checkpoints into. */
  readonly modelDir: string;
  /** Called after every epoch, for progress output. */
  readonly onEpoch?: (epoch: EpochRecord, epochs: number) => void;
}

export interface EpochRecord {
  /** 1-based. */
  readonly epoch: number;
  readonly loss: number;
  /** Training accuracy, 0..1. */
  readonly accuracy: number;
  /** Validation (test-split) accuracy, 0..1: the curve of the paper's Figures 2 and 3. */
  readonly valAccuracy: number;
  /** Learning rate used in this epoch. */
  readonly lr: number;
}

export interface SampleCounts {
  /** Training samples before balancing (real photos). */
  readonly trainBeforeBalancing: number;
  /** Training samples after balancing (real + synthetic, or fewer after under-sampling). */
  readonly trainAfterBalancing: number;
  /** Test samples (under the paper protocol some are synthetic). */
  readonly test: number;
  /** Table IV's "Total images": every sample after balancing, training and test. */
  readonly totalImages: number;
}

export interface TrainRunOutcome {
  readonly history: readonly EpochRecord[];
  /** Epoch whose weights were kept (the best validation accuracy, as ModelCheckpoint). */
  readonly bestEpoch: number;
  /** Answers of the kept model on the test set. */
  readonly predictions: Predictions;
  readonly counts: SampleCounts;
  /** Feature extraction (when not cached), balancing and training, seconds. */
  readonly trainSeconds: number;
  /** Evaluation of the kept model on the test set, seconds. */
  readonly evaluateSeconds: number;
}

export type TrainAndEvaluate = (config: TrainRunConfig) => Promise<TrainRunOutcome>;

/** Epochs after which the learning rate dropped (ReduceLROnPlateau), read from the history. */
export function learningRateDrops(history: readonly EpochRecord[]): number[] {
  const drops: number[] = [];
  for (let i = 1; i < history.length; i++) if (history[i]!.lr < history[i - 1]!.lr) drops.push(history[i - 1]!.epoch);
  return drops;
}
