/**
 * `maskface distill`'s settings and their defaults, apart from the training code, so that the
 * command's options and help (`maskface distill --help`) load no engine, network or image module.
 */
import { ARCFACE_MOBILEFACENET_MEAN, ARCFACE_MOBILEFACENET_STD } from '../../models/arcface-mobilefacenet/constants.js';

export interface AugmentOptions {
  /** Chance of each degradation (low resolution, blur, JPEG), independently. */
  readonly degrade: number;
  /** Largest rotation (degrees), relative scale change and shift (pixels) of the misalignment. */
  readonly rotation: number;
  readonly scale: number;
  readonly shift: number;
}

export const AUGMENT_DEFAULTS: AugmentOptions = { degrade: 0.3, rotation: 6, scale: 0.05, shift: 3 };

export interface DistillOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Share of an epoch's views that are unmasked chips (the term that keeps unmasked faces as they were). */
  readonly unmaskedShare: number;
  /** A checkpoint counts only while its unmasked dev top-1 is at most this far below the teacher's. */
  readonly keepMargin: number;
  readonly seed: number;
  /** Adam steps between two scorings of the development people (and checkpoints); an epoch's end is scored too. */
  readonly evalEvery: number;
  /** Steps of linear learning-rate warm-up. */
  readonly warmupSteps: number;
  readonly threads: number;
  readonly augment: AugmentOptions;
  /** Input scaling the network was trained with: (pixel - mean) / std (the teacher's own). */
  readonly mean: number;
  readonly std: number;
}

export const DISTILL_DEFAULTS: DistillOptions = {
  epochs: 8,
  batchSize: 32,
  learningRate: 5e-5,
  unmaskedShare: 0.25,
  keepMargin: 0.01,
  seed: 42,
  evalEvery: 100,
  warmupSteps: 100,
  threads: 2,
  augment: AUGMENT_DEFAULTS,
  mean: ARCFACE_MOBILEFACENET_MEAN,
  std: ARCFACE_MOBILEFACENET_STD,
};

/** Synthetic masks drawn on each unmasked training photo. */
export const DEFAULT_SYNTHETIC_MASKS = 3;
