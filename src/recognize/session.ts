/**
 * Everything a recognition command needs, loaded once: the gallery, a face detector, the gallery's
 * face encoder, the mask classifier and (for enrolment) the mask synthesizer.
 */
import { type DetectorKind, loadDetector } from '../face/index.js';
import type { FaceDetector } from '../face/types.js';
import { type FaceEncoder, canonicalOnnxEmbedder, loadFaceEncoder, newGalleryCrop } from './face-encoder.js';
import { DEFAULT_EMBEDDER, isOnnxEmbedder } from './embedder-names.js';
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
  const crop = options.create === true ? newGalleryCrop(embedder) : undefined;
  const gallery = await openGallery(location, { create: options.create ?? false, embedder, ...(crop === undefined ? {} : { crop }) });
  const opened: Array<{ dispose(): void }> = [];
  const keep = <T extends { dispose(): void }>(model: T): T => {
    opened.push(model);
    return model;
  };
  try {
    // The models load together: their files are read and their wasm and onnx sessions set up while
    // the others wait on the disk. allSettled, so that none is left loaded and undisposed on failure.
    const loads = await Promise.allSettled([
      loadFaceEncoder(gallery.embedder, gallery.crop).then(keep),
      loadDetector({ kind: options.detector ?? 'mtcnn' }).then(keep),
      options.maskSynthesizer === undefined ? Promise.resolve(undefined) : options.maskSynthesizer().then(keep),
    ]);
    const failed = loads.find((l) => l.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const [encoder, detector, maskSynthesizer] = loads.map((l) => (l as PromiseFulfilledResult<unknown>).value) as [FaceEncoder, FaceDetector, MaskSynthesizer | undefined];
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
