/**
 * What the HTTP service needs from recognition, and nothing more: the routes talk to this small
 * interface, so they can be tested in-process against a fake, and the real gallery and detector
 * (src/recognize/) sit behind it in production (see `gallery-service.ts`).
 */
import type { Box, RgbImage } from '../image/types.js';

/** One face found in an uploaded photo. */
export interface RecognizedFace {
  /** The face box in pixels of the uploaded photo (after EXIF rotation). */
  readonly box: Box;
  /** Detector confidence in [0, 1]. */
  readonly detectionScore: number;
  /** The enrolled person's name, or `unknown` when the best match is under the gallery's threshold. */
  readonly name: string;
  /** Cosine similarity of the best match in [-1, 1] (1 = same direction); reported for `unknown` faces too. */
  readonly confidence: number;
  /** Whether the face wears a mask; null when the embedder has no mask classifier. */
  readonly masked: boolean | null;
  /** Probability in [0, 1] that the face wears a mask; null when the embedder has no mask classifier. */
  readonly maskScore: number | null;
}

/** One enrolled person as listed by the service. */
export interface PersonSummary {
  readonly name: string;
  /** Number of enrolment photos (real ones, not synthetic-masked copies). */
  readonly photos: number;
  /** Number of stored embeddings, synthetic-masked copies included. */
  readonly embeddings: number;
  /** When the person was first enrolled, ISO 8601. */
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

/** A human-readable description of the models and gallery behind the service, for `/health`. */
export interface ServiceInfo {
  readonly detector: string;
  readonly embedder: string;
  readonly gallery: string;
  /** The open-set threshold on `confidence`: faces below it are `unknown`. */
  readonly threshold: number;
}

export interface RecognitionService {
  readonly info: ServiceInfo;
  /** All faces in the photo, best detection first. */
  recognize(image: RgbImage): Promise<RecognizedFace[]>;
  /** Enrols `name` from the photos in one transaction: all of them are stored or none. */
  enroll(name: string, photos: readonly EnrolPhoto[]): Promise<EnrollResult>;
  listPeople(): Promise<PersonSummary[]>;
  /** Removes a person; throws `MF_UNKNOWN_PERSON` when there is no such person. */
  removePerson(name: string): Promise<void>;
  /** Live tensors, for `/metrics` (a steady number under load means no leak). */
  tensorCount(): number;
  close(): Promise<void>;
}
