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
  /**
   * Start from a network's last layer instead of random weights (fine-tuning): a linear head with
   * these weights (row-major [input, output]) and output bias. The input is then not centred, the
   * class vectors start at the people's mean initial embeddings, and the weight decay pulls the
   * weights toward these (L2-SP, Li et al. 2018) instead of toward zero.
   */
  readonly initial?: { readonly weights: Float32Array; readonly bias: Float32Array };
}

export type ResolvedCosfaceHeadOptions = Required<Omit<CosfaceHeadOptions, 'initial'>> & Pick<CosfaceHeadOptions, 'initial'>;

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
    ...(options.initial !== undefined && { initial: options.initial }),
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
  /** A linear head's output bias (fine-tuned heads); absent or empty: none. */
  readonly outputBias?: readonly number[];
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
    /** Added to a linear head's output before normalising (empty: none). */
    readonly outputBias: Float32Array = new Float32Array(0),
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
    if (this.hiddenBias.length === 0) {
      for (let j = 0; j < this.outputBias.length; j++) h[j] = h[j]! + this.outputBias[j]!;
      return unit(h);
    }
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
      ...(this.outputBias.length > 0 && { outputBias: [...this.outputBias] }),
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
  score(head: CosfaceHead, epoch: number): number;
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
 * Everything a training run needs to go on where it stopped: the epoch done, the variables (head
 * weights, output or hidden bias, second layer, class vectors, in `trainCosfaceHead`'s order), Adam's
 * state (`optimizer.getWeights()`: iterations, then first and second moments), the history and the
 * best snapshot so far. A resumed run draws its shuffles from `seed + epoch`, so it is not
 * bit-identical to an uninterrupted one.
 */
export interface CosfaceTrainingState {
  readonly epoch: number;
  readonly variables: readonly Float32Array[];
  readonly optimizer: readonly Float32Array[];
  readonly history: HeadTrainingResult['history'];
  readonly best?: { readonly head: CosfaceHead; readonly epoch: number; readonly score: number };
}

export interface CosfaceTrainingHooks {
  /** Go on from this state (same samples, same options). */
  readonly resume?: CosfaceTrainingState;
  /** Called after every epoch with the state to save (e.g. a checkpoint file). */
  readonly onState?: (state: CosfaceTrainingState) => Promise<void>;
}

/** Mean unit embedding of each class, as a [output, classes] matrix: class vectors that start where the people are. */
function classMeans(tf: Tf, inputs: Tensor, first: Tensor, bias: Tensor | undefined, y: Int32Array, classes: number): Variable {
  return tf.tidy(() => {
    const h = bias === undefined ? tf.matMul(inputs, first) : tf.add(tf.matMul(inputs, first), bias);
    const u = tf.div(h, tf.norm(h, 2, 1, true));
    // Sum per class as a product with the [classes, n] membership matrix (wasm has no UnsortedSegmentSum).
    const membership = new Float32Array(classes * y.length);
    y.forEach((c, i) => (membership[c * y.length + i] = 1));
    const sums = tf.matMul(tf.tensor2d(membership, [classes, y.length]), u);
    return tf.variable(tf.transpose(tf.div(sums, tf.norm(sums, 2, 1, true))));
  });
}

/**
 * Trains a CosFace head on labelled vectors (Adam, mini-batches, input dropout, L2 on the head's
 * weights), from random weights or from `options.initial`. With `validation`, the best-scoring
 * snapshot is returned. `hooks` save and resume a run. Leaves no tensors behind.
 */
export async function trainCosfaceHead(tf: Tf, samples: readonly HeadTrainingVector[], options: CosfaceHeadOptions = {}, validation?: HeadValidation, onEpoch?: (epoch: number, loss: number) => void, hooks: CosfaceTrainingHooks = {}): Promise<HeadTrainingResult> {
  const o = resolveCosfaceHeadOptions(options);
  const labels = [...new Set(samples.map((s) => s.label))].sort();
  if (labels.length < 2) throw invalidArgument('CosFace training vectors', 'vectors of at least 2 people', labels.length);
  const d = samples[0]!.vector.length;
  const initial = o.initial;
  if (initial !== undefined && (o.hiddenDimension > 0 || initial.weights.length !== d * o.outputDimension || initial.bias.length !== o.outputDimension)) {
    throw invalidArgument('initial CosFace head', `a linear head of ${d} x ${o.outputDimension} weights and ${o.outputDimension} biases`, `${initial.weights.length} weights, ${initial.bias.length} biases, hidden ${o.hiddenDimension}`);
  }
  const classOf = new Map(labels.map((l, i) => [l, i]));
  const inputMean = new Float32Array(d);
  if (initial === undefined) for (const s of samples) for (let i = 0; i < d; i++) inputMean[i] = inputMean[i]! + s.vector[i]! / samples.length;
  const x = new Float32Array(samples.length * d);
  samples.forEach((s, r) => {
    for (let i = 0; i < d; i++) x[r * d + i] = s.vector[i]! - inputMean[i]!;
  });
  const y = Int32Array.from(samples, (s) => classOf.get(s.label)!);
  const resume = hooks.resume;
  const rng = createRng(o.seed + (resume?.epoch ?? 0));
  const width = o.hiddenDimension > 0 ? o.hiddenDimension : o.outputDimension;
  const inputs = tf.tensor2d(x, [samples.length, d]);
  const targets = tf.tensor1d(y, 'int32');
  const first = initial === undefined ? glorot(tf, d, width, rng) : tf.tidy(() => tf.variable(tf.tensor2d(initial.weights, [d, width])));
  const anchor = initial === undefined ? undefined : tf.tensor2d(initial.weights, [d, width]);
  const outputBias = initial === undefined ? undefined : tf.tidy(() => tf.variable(tf.tensor1d(initial.bias)));
  const hiddenBias = o.hiddenDimension > 0 ? tf.tidy(() => tf.variable(tf.zeros([o.hiddenDimension]))) : undefined;
  const second = o.hiddenDimension > 0 ? glorot(tf, o.hiddenDimension, o.outputDimension, rng) : undefined;
  const classWeights = initial === undefined ? glorot(tf, o.outputDimension, labels.length, rng) : classMeans(tf, inputs, first, outputBias, y, labels.length);
  const headWeights = [first, ...(second === undefined ? [] : [second])];
  const variables = [...headWeights, ...(hiddenBias === undefined ? [] : [hiddenBias]), ...(outputBias === undefined ? [] : [outputBias]), classWeights];
  const optimizer = tf.train.adam(o.learningRate);
  if (resume !== undefined) {
    if (resume.variables.length !== variables.length) throw invalidArgument('CosFace training state to resume', `${variables.length} variables`, resume.variables.length);
    tf.tidy(() => variables.forEach((v, i) => v.assign(tf.tensor(resume.variables[i]!, v.shape))));
    const shapes = [[], ...variables.map((v) => v.shape), ...variables.map((v) => v.shape)];
    if (resume.optimizer.length !== shapes.length) throw invalidArgument('Adam state to resume', `${shapes.length} arrays`, resume.optimizer.length);
    // Adam copies what it keeps (as variables): the tensors handed over are freed after.
    const state = resume.optimizer.map((a, i) => ({ name: `state${i}`, tensor: tf.tensor(a, shapes[i]) }));
    await optimizer.setWeights(state);
    for (const w of state) w.tensor.dispose();
  }
  const forward = (batch: Tensor, training: boolean): Tensor => {
    const dropped = training && o.inputDropout > 0 ? tf.dropout(batch, o.inputDropout, undefined, Math.floor(rng() * 2 ** 31)) : batch;
    const h = tf.matMul(dropped, first);
    if (outputBias !== undefined) return tf.add(h, outputBias);
    return hiddenBias === undefined || second === undefined ? h : tf.matMul(tf.relu(tf.add(h, hiddenBias)), second);
  };
  const snapshot = (): CosfaceHead =>
    new CosfaceHead(
      inputMean,
      first.dataSync() as Float32Array,
      hiddenBias === undefined ? new Float32Array(0) : (hiddenBias.dataSync() as Float32Array),
      second === undefined ? new Float32Array(0) : (second.dataSync() as Float32Array),
      o.outputDimension,
      outputBias === undefined ? new Float32Array(0) : (outputBias.dataSync() as Float32Array),
    );
  const history: Array<{ epoch: number; loss: number; score?: number }> = [...(resume?.history ?? [])];
  let best: { head: CosfaceHead; epoch: number; score: number } | undefined = resume?.best;
  try {
    const order = samples.map((_, i) => i);
    for (let epoch = (resume?.epoch ?? 0) + 1; epoch <= o.epochs; epoch++) {
      shuffleInPlace(order, rng);
      let lossSum = 0;
      for (let start = 0; start < order.length; start += o.batchSize) {
        const rows = order.slice(start, start + o.batchSize);
        const loss = tf.tidy(() => {
          const index = tf.tensor1d(rows, 'int32');
          const batch = tf.gather(inputs, index);
          const batchLabels = tf.gather(targets, index);
          const value = optimizer.minimize(() => {
            const drift = anchor === undefined ? tf.addN(headWeights.map((w) => tf.sum(tf.square(w)))) : tf.sum(tf.square(tf.sub(first, anchor)));
            const decay = tf.mul(drift, o.weightDecay / 2);
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
        record.score = validation.score(head, epoch);
        if (best === undefined || record.score > best.score) best = { head, epoch, score: record.score };
      }
      history.push(record);
      onEpoch?.(epoch, record.loss);
      if (hooks.onState !== undefined) {
        const adam = await optimizer.getWeights();
        const state: CosfaceTrainingState = {
          epoch,
          variables: variables.map((v) => Float32Array.from(v.dataSync() as Float32Array)),
          optimizer: await Promise.all(adam.map(async (w) => Float32Array.from((await w.tensor.data()) as Float32Array))),
          history: [...history],
          ...(best !== undefined && { best }),
        };
        // getWeights makes a new tensor for the iteration count; the moments are Adam's own variables.
        adam[0]?.tensor.dispose();
        await hooks.onState(state);
      }
    }
    return best === undefined ? { head: snapshot(), epoch: o.epochs, history } : { head: best.head, epoch: best.epoch, history };
  } finally {
    optimizer.dispose();
    for (const v of [...variables, inputs, targets, ...(anchor === undefined ? [] : [anchor])]) v.dispose();
  }
}
