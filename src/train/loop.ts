/**
 * The training loop (paper 3.3): Adam, mini-batches of `batchSize` photos accumulated over
 * micro-batches (the wasm heap stops at 4 GB, so a batch of 128 160x160 photos cannot be one
 * tensor through VGG16), the checkpoint of the best validation accuracy, ReduceLROnPlateau, an
 * optional early stop, one history record per epoch.
 */
import type { Tf } from '../engine/tf.js';
import { createRng, shuffleInPlace } from '../balance/random.js';
import type { Adam } from './adam.js';
import { BestCheckpoint, EarlyStopping, ReduceLrOnPlateau } from './callbacks.js';
import type { Network } from '../model-folder/network.js';
import type { FrozenRunner } from './frozen-runner.js';
import { applyTrainable } from '../model-folder/network.js';
import { trainableVariables } from '../model-folder/network-weights.js';

type Tensor = ReturnType<Tf['tensor']>;

/** Rows the loop trains or validates on: a label per row and the network input for a list of rows. */
export interface RowSource {
  readonly count: number;
  label(row: number): number;
  /** Input tensor [rows.length, ...] (augmented when `training`); the caller disposes it. */
  input(rows: readonly number[], training: boolean): Tensor;
}

export interface EpochRecord {
  /** 1-based. */
  readonly epoch: number;
  /** Mean training cross-entropy over the epoch, nats. */
  readonly loss: number;
  /** Training accuracy (dropout on), 0..1. */
  readonly accuracy: number;
  readonly valLoss: number;
  /** Validation accuracy, 0..1: what the checkpoint and the learning-rate schedule watch. */
  readonly valAccuracy: number;
  /** Learning rate used in this epoch. */
  readonly lr: number;
  /** Wall time of the epoch, seconds. */
  readonly seconds: number;
}

export interface LoopOptions {
  readonly epochs: number;
  /** Photos per optimiser step (paper: 128). */
  readonly batchSize: number;
  /** Photos per forward/backward pass; gradients of micro-batches add up to the batch's. */
  readonly microBatchSize: number;
  readonly learningRate: number;
  /** ReduceLROnPlateau patience, epochs (paper: 100). */
  readonly patience: number;
  /** ReduceLROnPlateau factor (paper: 0.1). */
  readonly lrFactor: number;
  /** Stop after this many epochs without a better validation accuracy; 0 = never. */
  readonly earlyStop: number;
  /** Seed of the shuffling (epoch e shuffles with seed + e, so a resumed run shuffles the same). */
  readonly seed: number;
}

/** Everything needed to continue a run: saved with the last epoch's weights. */
export interface LoopState {
  readonly epoch: number;
  readonly learningRate: number;
  readonly history: readonly EpochRecord[];
  readonly best: number;
  readonly bestEpoch: number;
  readonly plateauBest: number;
  readonly plateauWait: number;
  readonly stopBest: number;
  readonly stopWait: number;
}

export interface LoopHooks {
  /** After each optimiser step: rows done this epoch, rows in the epoch, running loss and accuracy. */
  onBatch?(done: number, total: number, loss: number, accuracy: number): void;
  /** After an epoch whose validation accuracy is the best so far: save the weights now. */
  onBest?(record: EpochRecord): Promise<void>;
  /** After every epoch, with the state to resume from. */
  onEpoch?(record: EpochRecord, state: LoopState): Promise<void>;
}

/** Probabilities are clipped before the log, as Keras's categorical cross-entropy does. */
const PROBABILITY_FLOOR = 1e-7;

function crossEntropy(tf: Tf, probabilities: Tensor, labels: Tensor, classes: number): Tensor {
  const oneHot = tf.oneHot(labels as ReturnType<Tf['tensor1d']>, classes);
  return tf.neg(tf.sum(tf.mul(oneHot, tf.log(tf.clipByValue(probabilities, PROBABILITY_FLOOR, 1))), -1));
}

const chunks = <T>(list: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/**
 * The first trained part (VGG16 blocks 4-5) run outside tfjs: forward with whatever the backward
 * needs kept, then the gradients of its weights from the gradient of its output (onnx-trunk.ts).
 */
export interface TrunkEngine {
  /** Before the micro-batches of one optimiser step: read the current weights. */
  beginStep(): void;
  forward(features: Tensor): Promise<{ y: Tensor; saved: unknown }>;
  /** Gradients of the part's trainable weights, in `trainableWeights` order. */
  backward(dy: Tensor, saved: unknown): Promise<Tensor[]>;
}

interface MicroResult {
  readonly loss: number;
  readonly correct: number;
  /** In trainableVariables(net) order. */
  readonly grads: Tensor[];
}

/** Loss (scaled by 1/batch) and right answers of a batch of probabilities. */
function lossAndRight(tf: Tf, p: Tensor, labels: Tensor, classes: number, batch: number): { loss: ReturnType<Tf['scalar']>; right: Tensor } {
  const right = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(p, -1), labels), 'float32')));
  // Scaled so the micro-batches' gradients add up to the mean over the whole batch.
  return { loss: tf.mul(tf.sum(crossEntropy(tf, p, labels, classes)), 1 / batch) as ReturnType<Tf['scalar']>, right };
}

async function microStep(tf: Tf, net: Network, features: Tensor, labels: Tensor, classes: number, batch: number, trunk: TrunkEngine | undefined): Promise<MicroResult> {
  const variables = trainableVariables(net);
  let right: Tensor | undefined;
  if (trunk === undefined) {
    const { value, grads } = tf.variableGrads(() => {
      const out = lossAndRight(tf, applyTrainable(net, features, true), labels, classes, batch);
      right = out.right;
      return out.loss;
    }, variables);
    const result = { loss: value.dataSync()[0] ?? NaN, correct: right?.dataSync()[0] ?? 0, grads: variables.map((v) => grads[v.name] as Tensor) };
    value.dispose();
    right?.dispose();
    return result;
  }
  const { y, saved } = await trunk.forward(features);
  const output = tf.variable(y, true);
  y.dispose();
  const trunkCount = net.trainable[0]?.trainableWeights.length ?? 0;
  const headVariables = variables.slice(trunkCount);
  const head = net.trainable.slice(1);
  const { value, grads } = tf.variableGrads(() => {
    const p = head.reduce((t, part) => part.apply(t, { training: true }) as Tensor, output as Tensor);
    const out = lossAndRight(tf, p, labels, classes, batch);
    right = out.right;
    return out.loss;
  }, [...headVariables, output]);
  const dy = grads[output.name] as Tensor;
  const trunkGrads = await trunk.backward(dy, saved);
  const result = { loss: value.dataSync()[0] ?? NaN, correct: right?.dataSync()[0] ?? 0, grads: [...trunkGrads, ...headVariables.map((v) => grads[v.name] as Tensor)] };
  for (const t of [value, dy, output]) t.dispose();
  right?.dispose();
  return result;
}

/** One optimiser step over `rows`: returns the summed loss and the count of right answers. */
export async function trainStep(
  tf: Tf, net: Network, frozen: FrozenRunner, adam: Adam, source: RowSource, rows: readonly number[], microBatchSize: number, classes: number, trunk?: TrunkEngine,
): Promise<{ loss: number; correct: number }> {
  let accumulated: Tensor[] | undefined;
  let loss = 0;
  let correct = 0;
  trunk?.beginStep();
  for (const micro of chunks(rows, microBatchSize)) {
    const x = source.input(micro, true);
    const features = await frozen.run(x);
    x.dispose();
    const labels = tf.tensor1d(micro.map((r) => source.label(r)), 'int32');
    const result = await microStep(tf, net, features, labels, classes, rows.length, trunk);
    features.dispose();
    labels.dispose();
    loss += result.loss;
    correct += result.correct;
    if (accumulated === undefined) {
      accumulated = result.grads;
    } else {
      const sum: Tensor[] = accumulated.map((a, i) => tf.add(a, result.grads[i] as Tensor));
      for (const t of [...accumulated, ...result.grads]) t.dispose();
      accumulated = sum;
    }
  }
  if (accumulated !== undefined) {
    adam.apply(accumulated);
    for (const t of accumulated) t.dispose();
  }
  return { loss: loss * rows.length, correct };
}

/** Mean loss and accuracy of the network (inference mode) on a row set. */
export async function evaluateRows(
  tf: Tf, net: Network, frozen: FrozenRunner, source: RowSource, microBatchSize: number, classes: number, trunk?: TrunkEngine,
): Promise<{ loss: number; accuracy: number; predicted: Int32Array }> {
  trunk?.beginStep();
  const predicted = new Int32Array(source.count);
  let loss = 0;
  const all = Array.from({ length: source.count }, (_, i) => i);
  for (const micro of chunks(all, microBatchSize)) {
    const x = source.input(micro, false);
    let features = await frozen.run(x);
    x.dispose();
    if (trunk !== undefined) {
      const { y } = await trunk.forward(features);
      features.dispose();
      features = y;
    }
    const parts = trunk === undefined ? net : { frozen: [], trainable: net.trainable.slice(1) };
    const [l, p] = tf.tidy(() => {
      const probabilities = applyTrainable(parts, features, false);
      const labels = tf.tensor1d(micro.map((r) => source.label(r)), 'int32');
      return [tf.sum(crossEntropy(tf, probabilities, labels, classes)), tf.argMax(probabilities, -1)];
    });
    features.dispose();
    loss += l.dataSync()[0] ?? NaN;
    predicted.set(p.dataSync() as Int32Array, micro[0] ?? 0);
    l.dispose();
    p.dispose();
  }
  let right = 0;
  predicted.forEach((p, i) => { if (p === source.label(i)) right++; });
  const n = Math.max(1, source.count);
  return { loss: loss / n, accuracy: right / n, predicted };
}

export const initialLoopState = (learningRate: number): LoopState => ({
  epoch: 0, learningRate, history: [], best: -Infinity, bestEpoch: 0, plateauBest: -Infinity, plateauWait: 0, stopBest: -Infinity, stopWait: 0,
});

/** Trains from `state` (a fresh one or a resumed one) to `options.epochs`; returns the final state. */
export async function runLoop(
  tf: Tf, net: Network, frozen: FrozenRunner, adam: Adam, train: RowSource, validation: RowSource, classes: number, options: LoopOptions, state: LoopState, hooks: LoopHooks = {}, trunk?: TrunkEngine,
): Promise<LoopState> {
  const checkpoint = new BestCheckpoint(state.best, state.bestEpoch);
  const plateau = new ReduceLrOnPlateau(options.patience, options.lrFactor, 0, state.plateauBest, state.plateauWait);
  const stopper = new EarlyStopping(options.earlyStop, state.stopBest, state.stopWait);
  let learningRate = state.learningRate;
  const history = [...state.history];
  let current = state;
  for (let epoch = state.epoch + 1; epoch <= options.epochs; epoch++) {
    const started = performance.now();
    adam.learningRate = learningRate;
    const order = shuffleInPlace(Int32Array.from({ length: train.count }, (_, i) => i), createRng(options.seed + epoch));
    let loss = 0;
    let correct = 0;
    let done = 0;
    for (const batch of chunks(Array.from(order), options.batchSize)) {
      const step = await trainStep(tf, net, frozen, adam, train, batch, options.microBatchSize, classes, trunk);
      loss += step.loss;
      correct += step.correct;
      done += batch.length;
      hooks.onBatch?.(done, train.count, loss / done, correct / done);
    }
    const val = await evaluateRows(tf, net, frozen, validation, options.microBatchSize, classes, trunk);
    const record: EpochRecord = {
      epoch, loss: loss / Math.max(1, done), accuracy: correct / Math.max(1, done), valLoss: val.loss, valAccuracy: val.accuracy, lr: learningRate, seconds: (performance.now() - started) / 1000,
    };
    history.push(record);
    if (checkpoint.update(epoch, val.accuracy)) await hooks.onBest?.(record);
    learningRate = plateau.update(val.accuracy, learningRate);
    const stop = options.earlyStop > 0 && stopper.update(val.accuracy);
    current = {
      epoch, learningRate, history, best: checkpoint.best, bestEpoch: checkpoint.bestEpoch,
      plateauBest: plateau.best, plateauWait: plateau.wait, stopBest: stopper.best, stopWait: stopper.wait,
    };
    await hooks.onEpoch?.(record, current);
    if (stop) break;
  }
  return current;
}
