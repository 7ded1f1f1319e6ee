/**
 * Everything a recognition command needs, loaded once: the gallery, a face detector, the gallery's
 * face encoder, the mask classifier and (for enrolment) the mask synthesizer.
 */
import { type DetectorKind, loadDetector } from '../face/index.js';
import type { FaceDetector } from '../face/types.js';
import { DEFAULT_EMBEDDER, type FaceEncoder, canonicalOnnxEmbedder, isOnnxEmbedder, loadFaceEncoder, newGalleryCrop } from './face-encoder.js';
import type { Gallery } from './gallery.js';
import { type MaskClassifier, loadMaskClassifier } from './mask-classifier.js';
import type { MaskSynthesizer } from './mask-synthesis.js';
import { openGallery } from './open-gallery.js';

export interface GallerySession {
  readonly gallery: Gallery;
  readonly detector: FaceDetector;
  readonly encoder: FaceEncoder;
  readonly maskClassifier: MaskClassifier | undefined;
  readonly maskSynthesizer: MaskSynthesizer | undefined;
  close(): Promise<void>;
}

export interface GallerySessionOptions {
  /** Create the gallery (a file, or a PostgreSQL schema) if it does not exist; default false. */
  readonly create?: boolean;
  /** Embedder of a new gallery (a built-in name or `onnx:<file>`); default DEFAULT_EMBEDDER. */
  readonly embedder?: string;
  /** Loads a mask synthesizer for enrolment (landmarks + mask insertion); default none. */
  readonly maskSynthesizer?: () => Promise<MaskSynthesizer>;
  /** Face detector; default `mtcnn` (the paper's). */
  readonly detector?: DetectorKind;
}

/** `location`: a SQLite file path or a `postgres://` URL (`openGallery`). */
export async function openGallerySession(location: string, options: GallerySessionOptions = {}): Promise<GallerySession> {
  const asked = options.embedder ?? DEFAULT_EMBEDDER;
  // A user's ONNX model is stored with its absolute path and SHA-256 (only read when a gallery is created).
  const embedder = options.create === true && isOnnxEmbedder(asked) ? await canonicalOnnxEmbedder(asked) : asked;
  const crop = options.create === true ? await newGalleryCrop(embedder) : undefined;
  const gallery = await openGallery(location, { create: options.create ?? false, embedder, ...(crop === undefined ? {} : { crop }) });
  const opened: Array<{ dispose(): void }> = [];
  try {
    const encoder = await loadFaceEncoder(gallery.embedder, gallery.crop);
    opened.push(encoder);
    const detector = await loadDetector({ kind: options.detector ?? 'mtcnn' });
    opened.push(detector);
    const maskSynthesizer = options.maskSynthesizer === undefined ? undefined : await options.maskSynthesizer();
    if (maskSynthesizer !== undefined) opened.push(maskSynthesizer);
    return {
      gallery,
      detector,
      encoder,
      maskClassifier: loadMaskClassifier(gallery.embedder),
      maskSynthesizer,
      async close() {
        for (const o of opened) o.dispose();
        await gallery.close();
      },
    };
  } catch (err) {
    for (const o of opened) o.dispose();
    await gallery.close();
    throw err;
  }
}
