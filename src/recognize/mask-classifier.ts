/**
 * Mask detection as a by-product of recognition: a logistic regression on the unit-length face
 * embedding that recognition computes anyway, so knowing "masked or not" costs one dot product.
 * Weights are trained by `bench/recognize-mask-train.ts <embedder>` (real RMFD masks, LFW faces) and
 * stored beside this file as `mask-classifier.<embedder>.generated.json`.
 *
 * A face is called masked only when the classifier is sure: its probability reaches the file's
 * `cutoff` (chosen on development people as the highest cutoff that still calls 98 % of masked
 * faces masked). An unsure face is held to the unmasked threshold, which is the lower one: held to
 * the masked threshold, a known unmasked face in profile or laughing turns `unknown` (issue 26).
 */
import { readFileSync } from 'node:fs';
import { MaskfaceError } from '../errors.js';
import { dot, l2Normalize } from '../methods/similarity.js';

export interface MaskVerdict {
  readonly masked: boolean;
  /** Probability of a mask, in [0, 1]. */
  readonly probability: number;
}

export interface MaskClassifier {
  readonly embedder: string;
  /** Length of the embeddings it reads. */
  readonly dimension: number;
  classify(embedding: Float32Array): MaskVerdict;
}

export interface LogisticWeights {
  readonly embedder: string;
  readonly weights: readonly number[];
  readonly bias: number;
  /** Probability from which a face is called masked, in [0, 1]; default 0.5 (files written before cutoffs). */
  readonly cutoff?: number;
  /** Accuracy on the held-out people when trained, in [0, 1] (the lower of the masked and unmasked rates). */
  readonly heldOutAccuracy: number;
  readonly trainedOn: string;
}

export const maskClassifierPath = (embedder: string): string =>
  new URL(`./mask-classifier.${embedder}.generated.json`, import.meta.url).pathname;

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export function createMaskClassifier(model: LogisticWeights): MaskClassifier {
  const w = Float32Array.from(model.weights);
  const cutoff = model.cutoff ?? 0.5;
  return {
    embedder: model.embedder,
    dimension: w.length,
    classify(embedding) {
      if (embedding.length !== w.length) {
        throw new MaskfaceError('MF_SHAPE_MISMATCH', `mask classifier for ${model.embedder} expects ${w.length}-D embeddings, received ${embedding.length}-D.`);
      }
      const probability = sigmoid(dot(l2Normalize(embedding), w) + model.bias);
      return { masked: probability >= cutoff, probability };
    },
  };
}

/**
 * The trained classifier for an embedder, or undefined when none has been trained for it. For a
 * composite encoder such as `faceres+upper`, whose vector starts with the whole chip's embedding,
 * the base embedder's classifier reads that first part.
 */
export function loadMaskClassifier(embedder: string, path?: string): MaskClassifier | undefined {
  const base = embedder.split('+')[0]!;
  const classifier = loadTrainedClassifier(base, path ?? maskClassifierPath(base));
  if (classifier === undefined || base === embedder) return classifier;
  const dimension = classifier.dimension;
  return {
    embedder,
    dimension,
    classify: (embedding) => classifier.classify(embedding.subarray(0, Math.min(dimension, embedding.length))),
  };
}

/** Classifiers read so far, by file: enrolment calibrates with one at every call, the file never changes under a running process. */
const loaded = new Map<string, MaskClassifier | undefined>();

function loadTrainedClassifier(embedder: string, path: string): MaskClassifier | undefined {
  const key = `${embedder}\u0000${path}`;
  if (loaded.has(key)) return loaded.get(key);
  const classifier = readTrainedClassifier(embedder, path);
  loaded.set(key, classifier);
  return classifier;
}

function readTrainedClassifier(embedder: string, path: string): MaskClassifier | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const model = JSON.parse(text) as LogisticWeights;
  if (model.embedder !== embedder) throw new MaskfaceError('MF_BAD_WEIGHTS', `${path}: trained for ${model.embedder}, not ${embedder}. Rerun bench/recognize-mask-train.ts.`, { file: path });
  return createMaskClassifier(model);
}

export interface TrainOptions {
  /** Gradient steps; default 300. */
  readonly epochs?: number;
  /** Step size; default 0.5. */
  readonly learningRate?: number;
  /** L2 penalty on the weights; default 1e-3. */
  readonly l2?: number;
}

/** Full-batch gradient descent on the logistic loss, classes weighted equally (RMFD has fewer masked photos). */
export function trainLogistic(features: readonly Float32Array[], labels: readonly boolean[], options: TrainOptions = {}): { weights: number[]; bias: number } {
  const epochs = options.epochs ?? 300;
  const rate = options.learningRate ?? 0.5;
  const l2 = options.l2 ?? 1e-3;
  const dim = features[0]?.length ?? 0;
  const x = features.map(l2Normalize);
  const positives = labels.filter(Boolean).length;
  const classWeight = (y: boolean): number => (y ? 0.5 / Math.max(1, positives) : 0.5 / Math.max(1, labels.length - positives));
  const w = new Float64Array(dim);
  let b = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const grad = new Float64Array(dim);
    let gradB = 0;
    x.forEach((xi, i) => {
      const y = labels[i]!;
      let z = b;
      for (let j = 0; j < dim; j++) z += w[j]! * xi[j]!;
      const err = (sigmoid(z) - (y ? 1 : 0)) * classWeight(y);
      for (let j = 0; j < dim; j++) grad[j]! += err * xi[j]!;
      gradB += err;
    });
    for (let j = 0; j < dim; j++) w[j] = w[j]! - rate * (grad[j]! + l2 * w[j]!);
    b -= rate * gradB;
  }
  return { weights: Array.from(w), bias: b };
}
