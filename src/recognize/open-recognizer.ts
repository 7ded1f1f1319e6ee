/**
 * The source behind `maskface recognize`: a gallery (open set, cosine threshold; a SQLite file or a
 * `postgres://` URL) or a trained model folder holding model.json (closed set, probability
 * threshold). Both give a detector and a `Recognizer`.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type DetectorKind, loadDetector } from '../face/index.js';
import type { FaceDetector } from '../face/types.js';
import { loadFaceEncoder } from './face-encoder.js';
import type { Gallery } from './gallery.js';
import { loadMaskClassifier } from './mask-classifier.js';
import { isLdaModelDir } from '../model-folder/lda-model-dir.js';
import { LdaModelRecognizer } from './lda-model-recognizer.js';
import { ModelRecognizer } from './model-recognizer.js';
import { GalleryRecognizer, type Recognizer } from './recognizer.js';
import { openGallerySession } from './session.js';

export interface OpenedRecognizer {
  readonly kind: 'gallery' | 'model';
  readonly detector: FaceDetector;
  readonly recognizer: Recognizer;
  /** The gallery read (kind `gallery`), for callers that keep the recognizer open while it changes. */
  readonly gallery?: Gallery;
  close(): Promise<void>;
}

export interface OpenRecognizerOptions {
  /** Overrides the source's threshold (cosine for a gallery, probability for a model). */
  readonly threshold?: number;
  readonly detector?: DetectorKind;
}

/** Embedder whose mask classifier checks masks for a model folder (galleries use their own). */
const MODEL_MASK_EMBEDDER = 'faceres';

export async function openRecognizer(source: string, options: OpenRecognizerOptions = {}): Promise<OpenedRecognizer> {
  const threshold = options.threshold === undefined ? {} : { threshold: options.threshold };
  if (existsSync(source) && statSync(source).isDirectory() && existsSync(join(source, 'model.json'))) {
    const detector = await loadDetector({ kind: options.detector ?? 'mtcnn' });
    const classifier = loadMaskClassifier(MODEL_MASK_EMBEDDER);
    const encoder = classifier === undefined ? undefined : await loadFaceEncoder(MODEL_MASK_EMBEDDER);
    const modelOptions = { ...threshold, ...(encoder === undefined || classifier === undefined ? {} : { mask: { encoder, classifier } }) };
    const recognizer = (await isLdaModelDir(source)) ? await LdaModelRecognizer.load(source, modelOptions) : await ModelRecognizer.load(source, modelOptions);
    return {
      kind: 'model',
      detector,
      recognizer,
      async close() {
        recognizer.dispose();
        encoder?.dispose();
        detector.dispose();
      },
    };
  }
  const session = await openGallerySession(source, { detector: options.detector ?? 'mtcnn' });
  try {
    const recognizer = await GalleryRecognizer.create(session.gallery, session.encoder, {
      ...threshold,
      ...(session.maskClassifier === undefined ? {} : { maskClassifier: session.maskClassifier }),
    });
    return { kind: 'gallery', detector: session.detector, recognizer, gallery: session.gallery, close: () => session.close() };
  } catch (err) {
    await session.close();
    throw err;
  }
}
