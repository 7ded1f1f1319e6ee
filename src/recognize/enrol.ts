/**
 * Enrolment: photos of one person become gallery samples in one transaction. When every photo is
 * unmasked and a mask synthesizer is given, masked versions of each photo are enrolled too. The
 * gallery's cohort threshold is then brought up to date (cohort/cohort-calibration.ts).
 */
import { createHash } from 'node:crypto';
import { invalidArgument } from '../errors.js';
import type { FaceDetection, FaceDetector } from '../face/types.js';
import { decodeImage, readPhotoFile } from '../image/io.js';
import type { RgbImage } from '../image/types.js';
import { updateCohortCalibration } from './cohort/cohort-calibration.js';
import type { FaceEncoder } from './face-encoder.js';
import { mainFace } from './faces-in-photo.js';
import { validatePersonName } from './person-name.js';
import type { EnrolmentSample, Gallery, PersonSummary, SampleKind } from './gallery.js';
import type { MaskClassifier } from './mask-classifier.js';
import type { MaskSynthesizer } from './mask-synthesis.js';
import { DEFAULT_MIN_FACE_SCORE } from './defaults.js';

export interface EnrolContext {
  readonly gallery: Gallery;
  readonly detector: FaceDetector;
  readonly encoder: FaceEncoder;
  /** Decides whether an enrolment photo shows a mask; without it every photo counts as unmasked. */
  readonly maskClassifier?: MaskClassifier;
  /** Adds synthetic masked samples when all photos are unmasked; without it none are added. */
  readonly maskSynthesizer?: MaskSynthesizer;
}

export { DEFAULT_MIN_FACE_SCORE };

export interface EnrolOptions {
  /** Minimum detector score of the face, in [0, 1]; default DEFAULT_MIN_FACE_SCORE (0.8). */
  readonly minFaceScore?: number;
  /** Skip synthetic masks even when a synthesizer is given; default false. */
  readonly noSyntheticMasks?: boolean;
}

export interface EnrolReport extends PersonSummary {
  /** Samples this call added, by kind. */
  readonly added: Readonly<Record<SampleKind, number>>;
}

/** A decoded enrolment photo: its pixels, a label (path or upload name) and the SHA-256 of its bytes. */
export interface EnrolmentPhoto {
  readonly image: RgbImage;
  readonly label: string;
  readonly hash: string;
}

/**
 * The gallery samples of one person's photos, under the encoder's name: each photo's main face
 * (MF_NO_FACE names the photo, so a bad photo enrols nothing), marked masked when the classifier says
 * so; when every photo is unmasked and a synthesizer is given, synthetic-masked versions too. Used by
 * `enrolPerson` and by the HTTP service.
 */
export async function enrolmentSamples(ctx: Omit<EnrolContext, 'gallery'>, photos: readonly EnrolmentPhoto[], options: EnrolOptions = {}): Promise<EnrolmentSample[]> {
  const minScore = options.minFaceScore ?? DEFAULT_MIN_FACE_SCORE;
  const embedder = ctx.encoder.name;
  const samples: EnrolmentSample[] = [];
  const unmaskedPhotos: Array<{ photo: EnrolmentPhoto; face: FaceDetection }> = [];
  for (const photo of photos) {
    const face = await mainFace(ctx.detector, photo.image, photo.label, minScore);
    const vector = await ctx.encoder.encode(photo.image, face);
    const masked = ctx.maskClassifier === undefined ? false : ctx.maskClassifier.classify(vector).masked;
    samples.push({ embedder, vector, sourceHash: photo.hash, source: photo.label, kind: masked ? 'masked' : 'unmasked' });
    if (!masked) unmaskedPhotos.push({ photo, face });
  }
  const allUnmasked = unmaskedPhotos.length === photos.length;
  if (allUnmasked && ctx.maskSynthesizer !== undefined && options.noSyntheticMasks !== true) {
    for (const { photo, face } of unmaskedPhotos) {
      for (const variant of await ctx.maskSynthesizer.variants(photo.image, face)) {
        const vector = await ctx.encoder.encode(variant.image, face);
        samples.push({ embedder, vector, sourceHash: photo.hash, source: photo.label, kind: 'synthetic-masked', mask: variant.label });
      }
    }
  }
  return samples;
}

export async function enrolPerson(ctx: EnrolContext, name: string, photos: readonly string[], options: EnrolOptions = {}): Promise<EnrolReport> {
  const trimmed = validatePersonName(name.trim());
  if (photos.length === 0) throw invalidArgument('photos', 'at least one photo of the person', 0);
  // Every photo is read and checked before anything is written, so a bad photo enrols nothing.
  const decoded: EnrolmentPhoto[] = [];
  for (const path of photos) {
    const bytes = await readPhotoFile(path);
    decoded.push({ image: await decodeImage(bytes, path), label: path, hash: createHash('sha256').update(bytes).digest('hex') });
  }
  const samples = await enrolmentSamples(ctx, decoded, options);
  const summary = await ctx.gallery.enrol(trimmed, samples);
  await updateCohortCalibration(ctx.gallery, ctx.encoder.name, trimmed);
  const added: Record<SampleKind, number> = { unmasked: 0, masked: 0, 'synthetic-masked': 0 };
  for (const s of samples) added[s.kind]++;
  return { ...summary, added };
}
