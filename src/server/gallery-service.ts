/**
 * The real `RecognitionService`: a gallery (SQLite file or PostgreSQL), the MTCNN detector and the
 * gallery's face encoder from src/recognize/. Enrolment stores all of a request's samples in one
 * gallery transaction (`Gallery.enrol`), so a crash mid-request leaves the gallery as it was. The
 * recognizer holds the gallery's embeddings in memory and reloads them when another process (a
 * second `maskface serve` on the same gallery) changes it (`GalleryWatch`).
 */
import { getTf } from '../engine/tf.js';
import type { DetectorKind } from '../face/index.js';
import { updateCohortCalibration } from '../recognize/cohort/cohort-calibration.js';
import { DEFAULT_MIN_FACE_SCORE, enrolmentSamples } from '../recognize/enrol.js';
import type { PersonSummary as GalleryPerson } from '../recognize/gallery.js';
import { loadMaskSynthesizer } from '../recognize/landmark-mask-synthesizer.js';
import { recognizePhoto, type RecognizedFace as PhotoFace } from '../recognize/recognize-photo.js';
import { GalleryWatch } from '../recognize/gallery-watch.js';
import { GalleryRecognizer } from '../recognize/recognizer.js';
import { openGallerySession } from '../recognize/session.js';
import type { EnrollResult, PersonSummary, RecognitionService, RecognizedFace, ServiceInfo } from './service.js';
import { DEFAULT_EMBEDDER } from '../recognize/embedder-names.js';

export interface GalleryServiceOptions {
  /** The gallery: a SQLite file, or a `postgres://` URL (`openGallery`); created when missing. */
  readonly galleryPath: string;
  /** Embedder of a new gallery (one of EMBEDDER_NAMES); default DEFAULT_EMBEDDER, as `maskface enroll`. Ignored for an existing gallery. */
  readonly embedder?: string;
  /** Cosine-similarity threshold overriding the gallery's calibrated one, in [-1, 1]. */
  readonly threshold?: number;
  /** Faces the detector scores below this are ignored, in [0, 1]. Default 0.8. */
  readonly minFaceScore?: number;
  /** Face detector. Default `mtcnn` (the paper's). */
  readonly detector?: DetectorKind;
  /** Enrol synthetic-masked copies of unmasked-only enrolments (68 landmarks + insertMask). Default true. */
  readonly syntheticMasks?: boolean;
}

export { DEFAULT_MIN_FACE_SCORE };

export async function openGalleryService(options: GalleryServiceOptions): Promise<RecognitionService> {
  const tf = await getTf();
  const session = await openGallerySession(options.galleryPath, {
    create: true,
    embedder: options.embedder ?? DEFAULT_EMBEDDER,
    detector: options.detector ?? 'mtcnn',
    ...(options.syntheticMasks ?? true ? { maskSynthesizer: () => loadMaskSynthesizer() } : {}),
  });
  const minFaceScore = options.minFaceScore ?? DEFAULT_MIN_FACE_SCORE;
  const makeRecognizer = () =>
    GalleryRecognizer.create(session.gallery, session.encoder, {
      ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
      ...(session.maskClassifier === undefined ? {} : { maskClassifier: session.maskClassifier }),
    });
  let recognizer: GalleryWatch<GalleryRecognizer>;
  try {
    recognizer = await GalleryWatch.start(session.gallery, makeRecognizer);
  } catch (err) {
    await session.close();
    throw err;
  }

  return {
    get info(): ServiceInfo {
      const { threshold, thresholds } = recognizer.latest;
      return { source: 'gallery', detector: session.detector.name, embedder: session.encoder.name, gallery: session.gallery.location, threshold, ...(thresholds === undefined ? {} : { thresholds }) };
    },
    async recognize(image) {
      return (await recognizePhoto(session.detector, await recognizer.current(), image, { minFaceScore })).map(toRecognizedFace);
    },
    async enroll(name, photos) {
      // Every photo is checked and embedded before anything is written, so one bad photo enrols nothing.
      const samples = await enrolmentSamples(session, photos.map((p) => ({ image: p.image, label: p.label, hash: p.sha256 })), { minFaceScore });
      await session.gallery.enrol(name, samples);
      await updateCohortCalibration(session.gallery, session.encoder.name, name);
      await recognizer.refresh();
      return { name, photos: photos.length, embeddings: samples.length } satisfies EnrollResult;
    },
    async listPeople() {
      return (await session.gallery.people()).map(toPersonSummary);
    },
    async removePerson(name) {
      await session.gallery.remove(name);
      await updateCohortCalibration(session.gallery, session.encoder.name);
      await recognizer.refresh();
    },
    tensorCount: () => tf.memory().numTensors,
    async close() {
      recognizer.stop();
      await session.close();
    },
  };
}

/** A face of `recognizePhoto` as the API answers it. */
export function toRecognizedFace(f: PhotoFace): RecognizedFace {
  return {
    box: f.box,
    detectionScore: f.faceScore,
    name: f.name,
    confidence: f.confidence,
    threshold: f.threshold,
    masked: f.masked ?? null,
    maskScore: f.maskProbability ?? null,
  };
}

/** A gallery person as the API lists them: real photos apart from synthetic-masked copies. */
export function toPersonSummary(p: GalleryPerson): PersonSummary {
  return { name: p.name, photos: p.unmasked + p.masked, embeddings: p.samples, enrolledAt: p.enrolledAt };
}

