/**
 * A trained classifier model folder (`maskface train --out <dir>`, the paper's method) as a
 * `Recognizer`: the face is cut out as the training photos were (RMFD's tight face crops, so the
 * detector's box itself, eyes levelled), squared to the model's input size, and classified. A
 * softmax always names one of its people, so the open-set decision is a probability threshold.
 */
import type { Tensor } from '@tensorflow/tfjs';
import { getTf } from '../engine/tf.js';
import type { FaceDetection } from '../face/types.js';
import type { RgbImage } from '../image/types.js';
import { vgg16Batch } from '../models/vgg16/index.js';
import type { Embedder } from '../models/types.js';
import { isBackboneName, loadModelBackbone } from '../model-folder/backbones.js';
import { loadModel, type LoadedModel } from '../model-folder/model-dir.js';
import { disposeNetwork, predictProbabilities } from '../model-folder/network.js';
import { cropFaceChip } from '../methods/face-crop.js';
import type { FaceEncoder } from './face-encoder.js';
import type { MaskClassifier } from './mask-classifier.js';
import { UNKNOWN } from './open-set.js';
import type { FaceRecognition, Recognizer } from './recognizer.js';

/** Chip side relative to the detector box: RMFD's crops are about the box itself. */
export const MODEL_CROP_SCALE = 1;
/** Class probability below which a face is `unknown`, when none is given. */
export const DEFAULT_MODEL_THRESHOLD = 0.5;

export interface ModelRecognizerOptions {
  /** Class probability threshold in [0, 1]; default 0.5. */
  readonly threshold?: number;
  /** Mask check: an encoder and the mask classifier trained on its embeddings. */
  readonly mask?: { readonly encoder: FaceEncoder; readonly classifier: MaskClassifier };
}

export class ModelRecognizer implements Recognizer {
  readonly source: string;
  readonly threshold: number;
  private readonly model: LoadedModel;
  private readonly backbone: Embedder | undefined;
  private readonly mask: ModelRecognizerOptions['mask'];

  private constructor(source: string, model: LoadedModel, backbone: Embedder | undefined, options: ModelRecognizerOptions) {
    this.source = source;
    this.model = model;
    this.backbone = backbone;
    this.threshold = options.threshold ?? DEFAULT_MODEL_THRESHOLD;
    this.mask = options.mask;
  }

  static async load(dir: string, options: ModelRecognizerOptions = {}): Promise<ModelRecognizer> {
    const tf = await getTf();
    const model = await loadModel(tf, dir);
    const backbone = isBackboneName(model.meta.backbone) ? await loadModelBackbone(model.meta.backbone, model.meta.backboneVariant, dir) : undefined;
    return new ModelRecognizer(dir, model, backbone, options);
  }

  get people(): readonly string[] {
    return this.model.meta.classes;
  }

  async recognize(image: RgbImage, face: FaceDetection): Promise<FaceRecognition> {
    const tf = await getTf();
    const size = this.model.meta.inputSize;
    const chip = cropFaceChip(image, face, { scale: MODEL_CROP_SCALE, size });
    let input: Tensor;
    if (this.backbone !== undefined) {
      const vector = await this.backbone.embed(chip);
      input = tf.tensor2d(vector, [1, vector.length]);
    } else {
      input = vgg16Batch(tf, [chip], size);
    }
    const probabilities = predictProbabilities(tf, this.model.net, input);
    input.dispose();
    const values = (await probabilities.data()) as Float32Array;
    probabilities.dispose();
    const ranked = this.model.meta.classes.map((name, i) => ({ name, score: values[i] ?? 0 })).sort((a, b) => b.score - a.score);
    const best = ranked[0]!;
    const verdict = this.mask === undefined ? undefined : this.mask.classifier.classify(await this.mask.encoder.encode(image, face));
    return {
      name: best.score >= this.threshold ? best.name : UNKNOWN,
      confidence: best.score,
      threshold: this.threshold,
      candidates: ranked.slice(0, 3),
      ...(verdict === undefined ? {} : { masked: verdict.masked, maskProbability: verdict.probability }),
    };
  }

  dispose(): void {
    this.backbone?.dispose();
    disposeNetwork(this.model.net);
  }
}
