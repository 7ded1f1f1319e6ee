/**
 * What names a detected face. Two sources answer the same question: a gallery (open set,
 * `GalleryRecognizer`) and a trained classifier model directory (closed set with a probability
 * threshold, the Models issue). Recognition of photos and videos only sees this interface.
 */
import { MaskfaceError } from '../errors.js';
import type { FaceDetection } from '../face/types.js';
import type { RgbImage } from '../image/types.js';
import type { FaceEncoder } from './face-encoder.js';
import { currentCohortCalibration, isUserCalibration } from './cohort/cohort-calibration.js';
import type { Gallery, GalleryEmbedding } from './gallery.js';
import type { MaskClassifier } from './mask-classifier.js';
import { type Candidate, GalleryIndex, SCORE_RULE, UNKNOWN } from './open-set.js';

export interface FaceRecognition {
  /** The person, or `unknown` below the threshold. */
  readonly name: string;
  /** Score of the best match (cosine similarity for a gallery, class probability for a model). */
  readonly confidence: number;
  /** Whether the face wears a mask, with the classifier's probability in [0, 1]; absent without a mask classifier. */
  readonly masked?: boolean;
  readonly maskProbability?: number;
  readonly candidates: readonly Candidate[];
  /**
   * The threshold this face was held to: `name` is `unknown` when `confidence` is below it. It is the
   * face's own (masked or unmasked, when the source has both), so every caller prints and compares
   * this one and never the recognizer's (issue 25).
   */
  readonly threshold: number;
}

/** A 1:1 decision: is this face `name`? `match` when `score` reaches the face's own `threshold`. */
export interface FaceVerification {
  readonly name: string;
  readonly score: number;
  readonly match: boolean;
  readonly threshold: number;
  readonly masked?: boolean;
}

export interface Recognizer {
  readonly source: string;
  /** The threshold of a face whose mask state is unknown; each recognition carries its own (`FaceRecognition.threshold`). */
  readonly threshold: number;
  recognize(image: RgbImage, face: FaceDetection): Promise<FaceRecognition>;
  dispose(): void;
}

/**
 * Fallback decision thresholds (cosine similarity, under the top-3 pooled score) for an encoder
 * that ships no stranger cohort: the thresholds chosen for a 5 % false-accept rate on lfw-strangers
 * against 20 enrolled LFW people, rounded: faceres+upper+dlib-resnet34 0.7158 and faceres+upper
 * 0.5977 (`bench/recognize-lfw.ts [--embedder faceres+upper]`, strangers 0-199), faceres 0.6035
 * (`bench/recognize-lfw-rules.ts --only "masks3 top3 upper0"` on the `--dev` vectors, strangers
 * 200-399), dlib-resnet34 0.9492 (`bench/recognize-lfw.ts --dev --embedder dlib-resnet34`, strangers
 * 200-299). Every built-in encoder has a cohort, so a gallery uses these only when its cohort file
 * is missing.
 */
export const DEFAULT_THRESHOLDS: Readonly<Record<string, number>> = {
  'faceres+upper+dlib-resnet34': 0.72,
  'faceres+upper': 0.6,
  faceres: 0.6,
  'dlib-resnet34': 0.95,
  // 5 % FAR on the dev strangers 200-399 (`bench/recognize-lfw-rules.ts --mobileface` on the `--dev
  // --dlib --mobileface` vectors): 0.3555, 0.5052, 0.6296 (the last also by `bench/recognize-lfw.ts --dev`).
  mobileface: 0.36,
  'faceres+upper+mobileface': 0.51,
  'faceres+upper+dlib-resnet34+mobileface': 0.63,
  // 5 % FAR on the dev strangers' calibration half (`bench/recognize-lfw.ts --dev --embedder mobileface-tuned`): 0.4101.
  'mobileface-tuned': 0.41,
  // 5 % FAR on the dev strangers' calibration half (`bench/recognize-lfw.ts --dev --embedder arcface-mobilefacenet`): 0.3304.
  'arcface-mobilefacenet': 0.33,
  // 5 % FAR on the dev strangers' calibration half (`bench/recognize-lfw.ts --dev`): 0.4625.
  'faceres+upper+arcface-mobilefacenet': 0.46,
  // 5 % FAR on the dev strangers' calibration half (`bench/recognize-lfw.ts --dev --embedder arcface-mobilefacenet-maskinv`): 0.3661.
  'arcface-mobilefacenet-maskinv': 0.37,
  // 5 % FAR on the dev strangers' calibration half (`bench/recognize-lfw.ts --dev`, the default since issue 24): 0.4721.
  'faceres+upper+arcface-mobilefacenet-maskinv': 0.47,
};

/** Where a gallery's threshold came from, for messages and `maskface people`. */
export type ThresholdSource = 'calibrated' | 'cohort' | 'default';

/**
 * The threshold in force for an embedder's samples: the user's calibration (`maskface calibrate`)
 * when it was chosen under the current scoring rule; else the shipped stranger cohort's threshold
 * for the gallery as it is now (stored at enrolment, measured again here when stale); else the
 * fallback default. A calibration from before top-3 pooling (no `rule`) was chosen on best-sample
 * scores, which run higher, so it is not used.
 */
export interface ThresholdInForce {
  /** The threshold for a face whose mask state is not known (the larger of `thresholds`, when set). */
  readonly threshold: number;
  /** Separate thresholds for faces the mask classifier calls masked and unmasked (cohort calibration). */
  readonly thresholds?: { readonly masked: number; readonly unmasked: number };
  readonly source: ThresholdSource;
}

export async function galleryThresholdWithSource(gallery: Gallery, embedder: string, embeddings?: readonly GalleryEmbedding[]): Promise<ThresholdInForce | undefined> {
  const calibration = await gallery.calibration(embedder);
  if (isUserCalibration(calibration) && calibration!.rule === SCORE_RULE) return { threshold: calibration!.threshold, source: 'calibrated' };
  const cohort = currentCohortCalibration(calibration, embedder, embeddings ?? (await gallery.embeddings(embedder)));
  if (cohort !== undefined) return { threshold: cohort.threshold, ...(cohort.thresholds === undefined ? {} : { thresholds: cohort.thresholds }), source: 'cohort' };
  const fallback = DEFAULT_THRESHOLDS[embedder];
  return fallback === undefined ? undefined : { threshold: fallback, source: 'default' };
}

export async function galleryThreshold(gallery: Gallery, embedder: string, embeddings?: readonly GalleryEmbedding[]): Promise<number | undefined> {
  return (await galleryThresholdWithSource(gallery, embedder, embeddings))?.threshold;
}

export interface GalleryRecognizerOptions {
  /** Overrides the gallery's calibrated threshold (one threshold for masked and unmasked faces). */
  readonly threshold?: number;
  readonly maskClassifier?: MaskClassifier;
}

export class GalleryRecognizer implements Recognizer {
  readonly source: string;
  readonly threshold: number;
  /** Thresholds by the face's mask state, when the gallery's calibration has them and a mask classifier is given. */
  readonly thresholds: { readonly masked: number; readonly unmasked: number } | undefined;
  readonly index: GalleryIndex;
  private readonly encoder: FaceEncoder;
  private readonly maskClassifier: MaskClassifier | undefined;

  private constructor(source: string, index: GalleryIndex, encoder: FaceEncoder, threshold: ThresholdInForce, maskClassifier: MaskClassifier | undefined) {
    this.source = source;
    this.index = index;
    this.encoder = encoder;
    this.threshold = threshold.threshold;
    this.thresholds = maskClassifier === undefined ? undefined : threshold.thresholds;
    this.maskClassifier = maskClassifier;
  }

  /** Reads the gallery's embeddings for the encoder's embedder and its calibrated threshold. */
  static async create(gallery: Gallery, encoder: FaceEncoder, options: GalleryRecognizerOptions = {}): Promise<GalleryRecognizer> {
    const embedder = encoder.name;
    const embeddings = await gallery.embeddings(embedder);
    const index = new GalleryIndex(embeddings);
    const threshold: ThresholdInForce | undefined = options.threshold === undefined ? await galleryThresholdWithSource(gallery, embedder, embeddings) : { threshold: options.threshold, source: 'calibrated' };
    if (threshold === undefined) {
      throw new MaskfaceError('MF_BAD_GALLERY', `${gallery.location}: no threshold for embedder ${embedder}. Run \`maskface calibrate ${gallery.location} --strangers <folder>\` or pass --threshold.`, { file: gallery.location });
    }
    return new GalleryRecognizer(gallery.location, index, encoder, threshold, options.maskClassifier);
  }

  /** The one threshold rule: the face's own (masked or unmasked) when both are known, else the single one. */
  thresholdFor(masked: boolean | undefined): number {
    if (this.thresholds === undefined || masked === undefined) return this.threshold;
    return masked ? this.thresholds.masked : this.thresholds.unmasked;
  }

  async embedAndRecognize(image: RgbImage, face: FaceDetection): Promise<{ vector: Float32Array; recognition: FaceRecognition }> {
    const vector = await this.encoder.encode(image, face);
    const mask = this.maskClassifier?.classify(vector);
    const threshold = this.thresholdFor(mask?.masked);
    const id = this.index.identify(vector, threshold);
    const recognition: FaceRecognition = {
      name: id.name,
      confidence: id.score,
      candidates: id.candidates,
      threshold,
      ...(mask === undefined ? {} : { masked: mask.masked, maskProbability: mask.probability }),
    };
    return { vector, recognition };
  }

  async recognize(image: RgbImage, face: FaceDetection): Promise<FaceRecognition> {
    return (await this.embedAndRecognize(image, face)).recognition;
  }

  /** Verification (1:1) of one face against one enrolled person, under the same threshold rule as `recognize`. */
  async verify(image: RgbImage, face: FaceDetection, name: string): Promise<FaceVerification> {
    const vector = await this.encoder.encode(image, face);
    const mask = this.maskClassifier?.classify(vector);
    const threshold = this.thresholdFor(mask?.masked);
    return { ...this.index.verify(vector, name, threshold), threshold, ...(mask === undefined ? {} : { masked: mask.masked }) };
  }

  dispose(): void {
    // The encoder belongs to whoever created it (a session may share it with enrolment).
  }
}

export { UNKNOWN };
