/**
 * The experiment's real collaborators: training through the models stage (`trainModel`, src/train/)
 * and the simulated-mask arm through the masks stage (simulate-masks.ts).
 */
import type { DetectorKind } from '../face/detectors.js';
import { load as loadFaceres } from '../models/faceres/index.js';
import { trainModel } from '../train/train-model.js';
import type { ExperimentDependencies } from './experiment.js';
import { simulateMasks } from './simulate-masks.js';
import type { TrainAndEvaluate } from './trainer.js';

export function trainWithModelsStage(warn: (message: string) => void): TrainAndEvaluate {
  return async (config) => {
    const result = await trainModel(
      {
        dataDir: config.dataDir,
        outDir: config.modelDir,
        backbone: config.backbone,
        balance: config.balance,
        protocol: config.protocol,
        epochs: config.epochs,
        seed: config.seed,
        k: config.k,
        smallClass: config.smallClass,
        learningRate: config.learningRate,
        batchSize: config.batchSize,
        // A feature vector batch fits memory whole; micro-batches only matter for VGG16's pixels.
        ...(config.backbone !== 'vgg16' && { microBatchSize: config.batchSize }),
        patience: config.patience,
      },
      { onEpoch: (record) => config.onEpoch?.(record, config.epochs), warn },
    );
    return {
      history: result.history.map((r) => ({ epoch: r.epoch, loss: r.loss, accuracy: r.accuracy, valAccuracy: r.valAccuracy, lr: r.lr })),
      bestEpoch: result.bestEpoch,
      predictions: result.predictions,
      counts: result.counts,
      trainSeconds: result.trainSeconds,
      evaluateSeconds: result.evaluateSeconds,
    };
  };
}

export interface DependencyConfig {
  readonly detector: DetectorKind;
  readonly log: (line: string) => void;
  /** Print a line every this many epochs; default 10. */
  readonly epochLogEvery?: number;
}

export function experimentDependencies(config: DependencyConfig): ExperimentDependencies {
  const every = config.epochLogEvery ?? 10;
  return {
    trainAndEvaluate: trainWithModelsStage(config.log),
    maskDataset: simulateMasks({
      detector: config.detector,
      onProgress: (done, total) => {
        if (done % 200 === 0 || done === total) config.log(`  masked ${done}/${total} photos`);
      },
    }),
    // Near-duplicates are found on faceres vectors, as `dataset prepare` and bench:accuracy's folds do.
    nearDuplicateVectoriser: loadFaceres,
    log: config.log,
    onEpoch: (label, e, epochs) => {
      if (e.epoch % every === 0 || e.epoch === epochs) {
        config.log(`  ${label} epoch ${e.epoch}/${epochs}: loss ${e.loss.toFixed(4)}, accuracy ${(e.accuracy * 100).toFixed(1)}%, val_accuracy ${(e.valAccuracy * 100).toFixed(1)}%, lr ${e.lr.toExponential(1)}`);
      }
    },
  };
}
