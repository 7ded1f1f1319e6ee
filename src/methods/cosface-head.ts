/**
 * A small embedding head trained with the CosFace loss (large margin cosine loss, Wang et al. 2018,
 * "CosFace", eq. 4) on top of FROZEN embeddings (issue 15): a linear map (optionally through one ReLU
 * layer) to a few hundred dimensions whose unit outputs are compared by cosine. It is trained on
 * people who are never enrolled (background people), so a mask-invariant direction learned there
 * has to carry over to new people, as a face network's does.
 */
import type { Tf } from '../engine/tf.js';
import { createRng, shuffleInPlace } from '../data/random.js';
import { invalidArgument } from '../errors.js';
import { unit } from './vectors.js';

type Tensor = ReturnType<Tf['tensor']>;
type Variable = ReturnType<Tf['variable']>;

export interface CosfaceHeadOptions {
  /** Output (embedding) dimensions; default 256. */
  readonly outputDimension?: number;
  /** Units of a ReLU hidden layer before the output; default 0: a linear head. */
  readonly hiddenDimension?: number;
  /** CosFace scale s (logits are s * cosine); default 30. */
  readonly scale?: number;
  /** CosFace additive cosine margin m, subtracted from the true class's cosine; default 0.35. */
  readonly margin?: number;
  /** Adam learning rate; default 1e-3. */
  readonly learningRate?: number;
  /** L2 penalty on the head's (not the class vectors') weights, per weight; default 5e-4. */
  readonly weightDecay?: number;
  /** Dropout rate on the input vector during training, in [0, 1); default 0.2. */
  readonly inputDropout?: number;
  /** Passes over the training vectors; default 120. */
  readonly epochs?: number;
  /** Vectors per Adam step; default 256. */
  readonly batchSize?: number;
  /** Seed of the initial weights and of the shuffling; default 1. */
  readonly seed?: number;
}

export type ResolvedCosfaceHeadOptions = Required<CosfaceHeadOptions>;

export function resolveCosfaceHeadOptions(options: CosfaceHeadOptions = {}): ResolvedCosfaceHeadOptions {
  return Object.freeze({
    outputDimension: options.outputDimension ?? 256,
    hiddenDimension: options.hiddenDimension ?? 0,
    scale: options.scale ?? 30,
    margin: options.margin ?? 0.35,
    learningRate: options.learningRate ?? 1e-3,
    weightDecay: options.weightDecay ?? 5e-4,
    inputDropout: options.inputDropout ?? 0.2,
    epochs: options.epochs ?? 120,
    batchSize: options.batchSize ?? 256,
    seed: options.seed ?? 1,
  });
}

/**
 * Mean CosFace loss of a batch: softmax cross-entropy over s * (cos(theta_j) - m * [j = y]), with
 * cos(theta_j) the cosine between the L2-normalised embedding and class vector j.
 * `embeddings` [n, k] (any length), `classWeights` [k, classes] (one column per class, any length),
 * `labels` int32 [n]. Returns a scalar; the caller tidies.
 */
export function cosfaceLoss(tf: Tf, embeddings: Tensor, classWeights: Tensor, labels: Tensor, scale: number, margin: number): Tensor {
  const classes = classWeights.shape[1]!;
  const e = tf.div(embeddings, tf.norm(embeddings, 2, 1, true));
  const w = tf.div(classWeights, tf.norm(classWeights, 2, 0, true));
  const cosine = tf.matMul(e, w);
  const truth = tf.oneHot(labels, classes);
  const logits = tf.mul(tf.sub(cosine, tf.mul(truth, margin)), scale);
  return tf.mean(tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(logits, truth), 1)));
}

export interface CosfaceHeadJson {
  readonly kind: 'cosface-head';
  readonly version: 1;
  readonly inputDimension: number;
  readonly hiddenDimension: number;
  readonly outputDimension: number;
  /** Subtracted from the input first (the training vectors' mean). */
  readonly inputMean: readonly number[];
  /** Row-major [input, hidden] then hidden biases, then [hidden, output]; linear: [input, output]. */
  readonly weights: readonly number[];
}

/** The trained head, applied without tensors (as `project` applies a PCA/LDA projection). */
export class CosfaceHead {
  constructor(
    readonly inputMean: Float32Array,
    /** Row-major [input, first layer's width]. */
    readonly first: Float32Array,
    /** Hidden biases (empty for a linear head). */
    readonly hiddenBias: Float32Array,
    /** Row-major [hidden, output] (empty for a linear head). */
    readonly second: Float32Array,
    readonly outputDimension: number,
  ) {}

  get inputDimension(): number {
    return this.inputMean.length;
  }

  /** The unit-length head output of one input vector. */
  embed(vector: Float32Array): Float32Array {
    const d = this.inputDimension;
    if (vector.length !== d) throw invalidArgument('vector for the CosFace head', `${d} values`, vector.length);
    const width = this.first.length / d;
    const h = new Float32Array(width);
    for (let i = 0; i < d; i++) {
      const x = vector[i]! - this.inputMean[i]!;
      if (x === 0) continue;
      const row = i * width;
      for (let j = 0; j < width; j++) h[j] = h[j]! + x * this.first[row + j]!;
    }
    if (this.hiddenBias.length === 0) return unit(h);
    const out = new Float32Array(this.outputDimension);
    for (let j = 0; j < width; j++) {
      const a = Math.max(0, h[j]! + this.hiddenBias[j]!);
      if (a === 0) continue;
      for (let o = 0; o < this.outputDimension; o++) out[o] = out[o]! + a * this.second[j * this.outputDimension + o]!;
    }
    return unit(out);
  }

  toJSON(): CosfaceHeadJson {
    return {
      kind: 'cosface-head',
      version: 1,
      inputDimension: this.inputDimension,
      hiddenDimension: this.hiddenBias.length,
      outputDimension: this.outputDimension,
      inputMean: [...this.inputMean],
      weights: [...this.first, ...this.hiddenBias, ...this.second],
    };
  }
}

export interface HeadTrainingVector {
  readonly vector: Float32Array;
  /** The person; every distinct label is a CosFace class. */
  readonly label: string;
}

export interface HeadValidation {
  /** Score the head every this many epochs. */
  readonly every: number;
  /** Higher is better (e.g. top-1 on held-out people); the best-scoring head is returned. */
  score(head: CosfaceHead): number;
}

export interface HeadTrainingResult {
  readonly head: CosfaceHead;
  /** Epoch of the returned head (the last one without validation). */
  readonly epoch: number;
  readonly history: ReadonlyArray<{ readonly epoch: number; readonly loss: number; readonly score?: number }>;
}

/** Glorot-uniform weights from a seeded generator, so a run is reproducible. */
function glorot(tf: Tf, rows: number, cols: number, rng: () => number): Variable {
  const limit = Math.sqrt(6 / (rows + cols));
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < values.length; i++) values[i] = (2 * rng() - 1) * limit;
  // Inside tidy so the initial tensor the variable copies is freed.
  return tf.tidy(() => tf.variable(tf.tensor2d(values, [rows, cols])));
}

/**
 * Trains a CosFace head on labelled vectors (Adam, mini-batches, input dropout, L2 on the head's
 * weights). With `validation`, the best-scoring snapshot is returned. Leaves no tensors behind.
 */
export async function trainCosfaceHead(tf: Tf, samples: readonly HeadTrainingVector[], options: CosfaceHeadOptions = {}, validation?: HeadValidation, onEpoch?: (epoch: number, loss: number) => void): Promise<HeadTrainingResult> {
  const o = resolveCosfaceHeadOptions(options);
  const labels = [...new Set(samples.map((s) => s.label))].sort();
  if (labels.length < 2) throw invalidArgument('CosFace training vectors', 'vectors of at least 2 people', labels.length);
  const d = samples[0]!.vector.length;
  const classOf = new Map(labels.map((l, i) => [l, i]));
  const inputMean = new Float32Array(d);
  for (const s of samples) for (let i = 0; i < d; i++) inputMean[i] = inputMean[i]! + s.vector[i]! / samples.length;
  const x = new Float32Array(samples.length * d);
  samples.forEach((s, r) => {
    for (let i = 0; i < d; i++) x[r * d + i] = s.vector[i]! - inputMean[i]!;
  });
  const y = Int32Array.from(samples, (s) => classOf.get(s.label)!);
  const rng = createRng(o.seed);
  const width = o.hiddenDimension > 0 ? o.hiddenDimension : o.outputDimension;
  const first = glorot(tf, d, width, rng);
  const hiddenBias = o.hiddenDimension > 0 ? tf.tidy(() => tf.variable(tf.zeros([o.hiddenDimension]))) : undefined;
  const second = o.hiddenDimension > 0 ? glorot(tf, o.hiddenDimension, o.outputDimension, rng) : undefined;
  const classWeights = glorot(tf, o.outputDimension, labels.length, rng);
  const headWeights = [first, ...(second === undefined ? [] : [second])];
  const variables = [...headWeights, ...(hiddenBias === undefined ? [] : [hiddenBias]), classWeights];
  const optimizer = tf.train.adam(o.learningRate);
  const inputs = tf.tensor2d(x, [samples.length, d]);
  const targets = tf.tensor1d(y, 'int32');
  const forward = (batch: Tensor, training: boolean): Tensor => {
    const dropped = training && o.inputDropout > 0 ? tf.dropout(batch, o.inputDropout, undefined, Math.floor(rng() * 2 ** 31)) : batch;
    const h = tf.matMul(dropped, first);
    return hiddenBias === undefined || second === undefined ? h : tf.matMul(tf.relu(tf.add(h, hiddenBias)), second);
  };
  const snapshot = (): CosfaceHead =>
    new CosfaceHead(
      inputMean,
      first.dataSync() as Float32Array,
      hiddenBias === undefined ? new Float32Array(0) : (hiddenBias.dataSync() as Float32Array),
      second === undefined ? new Float32Array(0) : (second.dataSync() as Float32Array),
      o.outputDimension,
    );
  const history: Array<{ epoch: number; loss: number; score?: number }> = [];
  let best: { head: CosfaceHead; epoch: number; score: number } | undefined;
  try {
    const order = samples.map((_, i) => i);
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      shuffleInPlace(order, rng);
      let lossSum = 0;
      for (let start = 0; start < order.length; start += o.batchSize) {
        const rows = order.slice(start, start + o.batchSize);
        const loss = tf.tidy(() => {
          const index = tf.tensor1d(rows, 'int32');
          const batch = tf.gather(inputs, index);
          const batchLabels = tf.gather(targets, index);
          const value = optimizer.minimize(() => {
            const decay = tf.mul(tf.addN(headWeights.map((w) => tf.sum(tf.square(w)))), o.weightDecay / 2);
            return tf.add(cosfaceLoss(tf, forward(batch, true), classWeights, batchLabels, o.scale, o.margin), decay) as ReturnType<Tf['scalar']>;
          }, true, variables);
          if (value === null) throw new Error('the optimizer returned no loss');
          return value;
        });
        lossSum += (await loss.data())[0]! * rows.length;
        loss.dispose();
      }
      const record: { epoch: number; loss: number; score?: number } = { epoch, loss: lossSum / order.length };
      if (validation !== undefined && (epoch % validation.every === 0 || epoch === o.epochs)) {
        const head = snapshot();
        record.score = validation.score(head);
        if (best === undefined || record.score > best.score) best = { head, epoch, score: record.score };
      }
      history.push(record);
      onEpoch?.(epoch, record.loss);
    }
    return best === undefined ? { head: snapshot(), epoch: o.epochs, history } : { head: best.head, epoch: best.epoch, history };
  } finally {
    optimizer.dispose();
    for (const v of [...variables, inputs, targets]) v.dispose();
  }
}
