/**
 * What the HTTP service needs from recognition, and nothing more: the routes talk to this small
 * interface, so they can be tested in-process against a fake, and the real gallery and detector
 * (src/recognize/) sit behind it in production (`gallery-service.ts`, or `model-service.ts` for a
 * trained model folder, read only).
 */
import { MaskfaceError } from '../errors.js';
import type { Box, RgbImage } from '../image/types.js';

/** One face found in an uploaded photo. */
export interface RecognizedFace {
  /** The face box in pixels of the uploaded photo (after EXIF rotation). */
  readonly box: Box;
  /** Detector confidence in [0, 1]. */
  readonly detectionScore: number;
  /** The enrolled person's (or model class's) name, or `unknown` when the best score is under the threshold. */
  readonly name: string;
  /**
   * Score of the best match, reported for `unknown` faces too: with a gallery the cosine similarity
   * in [-1, 1] (1 = same direction); with a trained classifier model the class probability in
   * [0, 1]; with an lda model the cosine in its projected space.
   */
  readonly confidence: number;
  /** The threshold this face was held to (masked and unmasked faces may have their own): `unknown` below it. */
  readonly threshold: number;
  /** Whether the face wears a mask; null when the embedder has no mask classifier. */
  readonly masked: boolean | null;
  /** Probability in [0, 1] that the face wears a mask; null when the embedder has no mask classifier. */
  readonly maskScore: number | null;
}

/** One enrolled person (or one class of a trained model) as listed by the service. */
export interface PersonSummary {
  readonly name: string;
  /** Number of enrolment photos (real ones, not synthetic-masked copies); null for a model's class. */
  readonly photos: number | null;
  /** Number of stored embeddings, synthetic-masked copies included; null for a model's class. */
  readonly embeddings: number | null;
  /** When the person was first enrolled (for a model's class: when the model was trained), ISO 8601. */
  readonly enrolledAt: string;
}

/** One uploaded enrolment photo. */
export interface EnrolPhoto {
  readonly image: RgbImage;
  /** The upload's file name (or field name), stored as the sample's source and used in errors. */
  readonly label: string;
  /** SHA-256 (hex) of the uploaded bytes, so re-enrolling the same photo adds nothing. */
  readonly sha256: string;
}

/** The outcome of one enrolment. */
export interface EnrollResult {
  readonly name: string;
  /** Photos taken from this request. */
  readonly photos: number;
  /** Embeddings stored by this request (synthetic-masked copies included). */
  readonly embeddings: number;
}

interface ServiceInfoBase {
  readonly detector: string;
  /** The gallery's embedder, the classifier model's backbone, or the lda model's embedder. */
  readonly embedder: string;
  /** The open-set threshold on `confidence` for a face whose mask state is unknown: faces below it are `unknown`. */
  readonly threshold: number;
  /** A gallery's thresholds for masked and unmasked faces, when it has both; each face's own is `RecognizedFace.threshold`. */
  readonly thresholds?: { readonly masked: number; readonly unmasked: number };
}

/** A gallery: open set (cosine similarity), people are enrolled and removed over the API. */
export interface GalleryServiceInfo extends ServiceInfoBase {
  readonly source: 'gallery';
  /** The gallery file. */
  readonly gallery: string;
}

/** A trained model folder (`maskface train`): its classes with a threshold, read only. */
export interface ModelServiceInfo extends ServiceInfoBase {
  readonly source: 'model';
  /** `classifier` (confidence: class probability) or `lda` (`--method lda`; confidence: cosine in the projected space). */
  readonly method: 'classifier' | 'lda';
  /** The model folder. */
  readonly model: string;
  /** Number of people (classes) the model knows. */
  readonly classes: number;
}

/** A human-readable description of the models and gallery behind the service, for `/health`. */
export type ServiceInfo = GalleryServiceInfo | ModelServiceInfo;

/** The answer of the routes that change people when the service recognises with a trained model. */
export function readOnlyError(info: ModelServiceInfo): MaskfaceError {
  return new MaskfaceError(
    'MF_READ_ONLY',
    `this server recognises with a trained model (${info.model}); its people are the model's ${info.classes} classes and cannot be changed here. Enrolment needs a gallery (maskface serve --gallery <file>) or retraining with maskface train.`,
  );
}

export interface RecognitionService {
  readonly info: ServiceInfo;
  /** All faces in the photo, best detection first. */
  recognize(image: RgbImage): Promise<RecognizedFace[]>;
  /** Enrols `name` from the photos in one transaction: all of them are stored or none. Throws `MF_READ_ONLY` for a model. */
  enroll(name: string, photos: readonly EnrolPhoto[]): Promise<EnrollResult>;
  listPeople(): Promise<PersonSummary[]>;
  /** Removes a person; throws `MF_UNKNOWN_PERSON` when there is no such person, `MF_READ_ONLY` for a model. */
  removePerson(name: string): Promise<void>;
  /** Live tensors, for `/metrics` (a steady number under load means no leak). */
  tensorCount(): number;
  close(): Promise<void>;
}
