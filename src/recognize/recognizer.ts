/**
 * What names a detected face. Two sources answer the same question: a gallery (open set,
 * `GalleryRecognizer`) and a trained classifier model directory (closed set with a probability
 * threshold, the Models issue). Recognition of photos and videos only sees this interface.
 */
import { MaskfaceError } from '../errors.js';
import type { FaceDetection } from '../face/types.js';
import type { RgbImage } from '../image/types.js';
import { type FaceEncoder, createFaceEncoder } from './face-encoder.js';
import type { Gallery } from './gallery.js';
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
}

export interface Recognizer {
  readonly source: string;
  /** Faces whose best score is below this are `unknown`. */
  readonly threshold: number;
  recognize(image: RgbImage, face: FaceDetection): Promise<FaceRecognition>;
  /** A cheaper variant for video frames, where the track vote makes up for single-frame errors. */
  forVideo?(): Recognizer;
  dispose(): void;
}

/**
 * Default decision thresholds (cosine similarity, under the top-3 pooled score) of an uncalibrated
 * gallery, per embedder: the thresholds chosen for a 5 % false-accept rate on lfw-strangers against
 * 20 enrolled LFW people, rounded: faceres+upper+dlib-resnet34 0.7158 and faceres+upper 0.5977
 * (`bench/recognize-lfw.ts [--embedder faceres+upper]`, strangers 0-199), faceres 0.6035
 * (`bench/recognize-lfw-rules.ts --only "masks3 top3 upper0"` on the `--dev` vectors, strangers
 * 200-399), dlib-resnet34 0.9492 (`bench/recognize-lfw.ts --dev --embedder dlib-resnet34`, strangers
 * 200-299). `maskface calibrate` replaces them with ones measured for the gallery itself.
 */
export const DEFAULT_THRESHOLDS: Readonly<Record<string, number>> = { 'faceres+upper+dlib-resnet34': 0.72, 'faceres+upper': 0.6, faceres: 0.6, 'dlib-resnet34': 0.95 };

/**
 * The gallery's calibrated threshold for an embedder when it was chosen under the current scoring
 * rule, else the embedder's default: a calibration from before top-3 pooling (no `rule`) was
 * chosen on best-sample scores, which run higher, so it would reject too many genuine faces.
 */
export async function galleryThreshold(gallery: Gallery, embedder: string): Promise<number | undefined> {
  const calibration = await gallery.calibration(embedder);
  if (calibration !== undefined && calibration.rule === SCORE_RULE) return calibration.threshold;
  return DEFAULT_THRESHOLDS[embedder];
}

export interface GalleryRecognizerOptions {
  /** Overrides the gallery's calibrated threshold. */
  readonly threshold?: number;
  readonly maskClassifier?: MaskClassifier;
}

export class GalleryRecognizer implements Recognizer {
  readonly source: string;
  readonly threshold: number;
  readonly index: GalleryIndex;
  private readonly encoder: FaceEncoder;
  private readonly maskClassifier: MaskClassifier | undefined;

  private constructor(source: string, index: GalleryIndex, encoder: FaceEncoder, threshold: number, maskClassifier: MaskClassifier | undefined) {
    this.source = source;
    this.index = index;
    this.encoder = encoder;
    this.threshold = threshold;
    this.maskClassifier = maskClassifier;
  }

  /** Reads the gallery's embeddings for the encoder's embedder and its calibrated threshold. */
  static async create(gallery: Gallery, encoder: FaceEncoder, options: GalleryRecognizerOptions = {}): Promise<GalleryRecognizer> {
    const embedder = encoder.name;
    const index = new GalleryIndex(await gallery.embeddings(embedder));
    const threshold = options.threshold ?? (await galleryThreshold(gallery, embedder));
    if (threshold === undefined) {
      throw new MaskfaceError('MF_BAD_GALLERY', `${gallery.location}: no threshold for embedder ${embedder}. Run \`maskface calibrate ${gallery.location} --strangers <folder>\` or pass --threshold.`, { file: gallery.location });
    }
    return new GalleryRecognizer(gallery.location, index, encoder, threshold, options.maskClassifier);
  }

  async embedAndRecognize(image: RgbImage, face: FaceDetection): Promise<{ vector: Float32Array; recognition: FaceRecognition }> {
    const vector = await this.encoder.encode(image, face);
    const id = this.index.identify(vector, this.threshold);
    const mask = this.maskClassifier?.classify(vector);
    const recognition: FaceRecognition = {
      name: id.name,
      confidence: id.score,
      candidates: id.candidates,
      ...(mask === undefined ? {} : { masked: mask.masked, maskProbability: mask.probability }),
    };
    return { vector, recognition };
  }

  async recognize(image: RgbImage, face: FaceDetection): Promise<FaceRecognition> {
    return (await this.embedAndRecognize(image, face)).recognition;
  }

  /** Same gallery and threshold, without the mirrored embeddings: half the time per face. */
  forVideo(): Recognizer {
    if (this.encoder.crop.flip !== true) return this;
    const encoder = createFaceEncoder(this.encoder.embedder, { ...this.encoder.crop, flip: false }, this.encoder.fused);
    return new GalleryRecognizer(this.source, this.index, encoder, this.threshold, this.maskClassifier);
  }

  dispose(): void {
    // The encoder belongs to whoever created it (a session may share it with enrolment).
  }
}

export { UNKNOWN };
