/**
 * The options of a training run: one zod schema, validated where they enter (CLI flags, the
 * experiment runner). Defaults are the paper's values (Table III, section 3.3) where it has one.
 */
import { z } from 'zod';
import { SmoteSettingsShape } from '../balance/settings.js';
import { BACKBONES } from '../model-folder/backbones.js';
import { FINE_TUNE_MODES } from '../model-folder/network.js';

export const BALANCING = ['none', 'undersample', 'oversample', 'smote', 'smote-per-group'] as const;
export type Balancing = (typeof BALANCING)[number];
export const TRAIN_PROTOCOLS = ['leak-free', 'paper'] as const;
/**
 * 'head': the paper's dense classifier head on a backbone (trained by epochs). 'lda': the
 * method of issue 10 (src/methods/, docs/accuracy.md) on the features of src/methods/lda-features.ts
 * (faceres + dlib on the whole and upper face, and the ArcFace MobileFaceNet since issue 23), PCA +
 * LDA, nearest class mean, fitted in seconds.
 */
export const TRAIN_METHODS = ['head', 'lda'] as const;
export type TrainMethod = (typeof TRAIN_METHODS)[number];

export const TrainOptionsSchema = z.object({
  /** Prepared dataset folder (with manifest.json). */
  dataDir: z.string().min(1),
  /** Model folder to write (model.json, weights, checkpoint, history). */
  outDir: z.string().min(1),
  /**
   * Recognition method. Default here 'head' (the paper; the experiment runner relies on it);
   * `maskface train` defaults to 'lda' unless an option of the head is given (src/cli/train.ts).
   */
  method: z.enum(TRAIN_METHODS).default('head'),
  /**
   * lda only: who shapes the projection besides the trained people, as the background people of
   * docs/accuracy.md. Default (absent): the background cohort shipped with maskface (vectors of 118
   * RMFD people outside every benchmark's test and development people; scripts/make-background.ts).
   * A path: a dataset folder (prepared or raw) of people who are not enrolled, all their photos.
   * `false`: nobody. People also in the training set are always left out of it.
   */
  background: z.union([z.literal(false), z.string().min(1)]).optional(),
  /** Feature extractor under the head. Default vgg16 (the paper). */
  backbone: z.enum(BACKBONES).default('vgg16'),
  /** VGG16 only: retrain blocks 4-5 (paper) or nothing of the convolutional stack. Default blocks4-5. */
  fineTune: z.enum(FINE_TUNE_MODES).default('blocks4-5'),
  /** Class balancing of the training rows (src/balance). Default none. */
  balance: z.enum(BALANCING).default('none'),
  /** SMOTE's k (default 5) and small-class policy (default 'error'): src/balance/settings.ts. */
  ...SmoteSettingsShape,
  /**
   * 'leak-free': the manifest's train/test split, balancing on the training part only. 'paper':
   * balance every photo, then a fresh stratified 80/20 split (test rows may derive from training
   * photos: the paper's leak). Default leak-free. Under both the test part is the validation set
   * the checkpoint and the learning-rate schedule watch, as in the paper.
   */
  protocol: z.enum(TRAIN_PROTOCOLS).default('leak-free'),
  /** On-the-fly augmentation (src/image/augment.ts FACE_AUGMENTATION); vgg16 only. Default false. */
  augment: z.boolean().default(false),
  /** Epochs, paper 800. */
  epochs: z.number().int().positive().default(800),
  /** Photos per optimiser step, paper 128. */
  batchSize: z.number().int().positive().default(128),
  /** Photos per forward/backward pass inside a batch (memory bound); default 16 for vgg16, the whole batch on feature vectors. */
  microBatchSize: z.number().int().positive().optional(),
  /** Adam learning rate, paper 1e-5. */
  learningRate: z.number().positive().default(1e-5),
  /** ReduceLROnPlateau patience in epochs, paper 100. */
  patience: z.number().int().positive().default(100),
  /** ReduceLROnPlateau factor, paper 0.1. */
  lrFactor: z.number().positive().max(1).default(0.1),
  /** Stop after this many epochs without a better validation accuracy; 0 never (paper). */
  earlyStop: z.number().int().min(0).default(0),
  /** Seed of shuffling, balancing and the paper protocol's split; paper random_state 42. */
  seed: z.number().int().default(42),
  /** Test fraction of the paper protocol's split, paper 0.2. */
  testFraction: z.number().min(0).max(0.9).default(0.2),
  /** Keras VGG16 "notop" weights file; default: MASKFACE_VGG16_WEIGHTS or ~/.keras/models/. */
  weights: z.string().optional(),
  /** Continue from the model folder's last checkpoint. Default false. */
  resume: z.boolean().default(false),
  /** Keep the frozen part's outputs in memory when they fit this many MB (no augmentation); 0 off. Default 1024. */
  frozenCacheMb: z.number().min(0).default(1024),
  /** Tests only: narrow VGG16 filters per block, and a smaller input side. */
  vgg16Blocks: z.array(z.array(z.number().int().positive())).optional(),
  inputSize: z.number().int().min(16).optional(),
});
export type TrainOptionsInput = z.input<typeof TrainOptionsSchema>;
export type TrainOptions = Readonly<z.output<typeof TrainOptionsSchema>>;

export function resolveTrainOptions(input: TrainOptionsInput): TrainOptions {
  return Object.freeze(TrainOptionsSchema.parse(input));
}
