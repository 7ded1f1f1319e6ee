/**
 * Enrolment: photos of one person become gallery samples in one transaction. When every photo is
 * unmasked and a mask synthesizer is given, masked versions of each photo are enrolled too.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileNotFound, invalidArgument } from '../errors.js';
import type { FaceDetector } from '../face/types.js';
import { decodeImage } from '../image/io.js';
import type { FaceEncoder } from './face-encoder.js';
import { mainFace } from './faces-in-photo.js';
import type { EnrolmentSample, Gallery, PersonSummary, SampleKind } from './gallery.js';
import type { MaskClassifier } from './mask-classifier.js';
import type { MaskSynthesizer } from './mask-synthesis.js';

export interface EnrolContext {
  readonly gallery: Gallery;
  readonly detector: FaceDetector;
  readonly encoder: FaceEncoder;
  /** Decides whether an enrolment photo shows a mask; without it every photo counts as unmasked. */
  readonly maskClassifier?: MaskClassifier;
  /** Adds synthetic masked samples when all photos are unmasked; without it none are added. */
  readonly maskSynthesizer?: MaskSynthesizer;
}

export interface EnrolOptions {
  /** Minimum detector score of the face, in [0, 1]; default 0.8. */
  readonly minFaceScore?: number;
  /** Skip synthetic masks even when a synthesizer is given; default false. */
  readonly noSyntheticMasks?: boolean;
}

export interface EnrolReport extends PersonSummary {
  /** Samples this call added, by kind. */
  readonly added: Readonly<Record<SampleKind, number>>;
}

async function readPhoto(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw fileNotFound(path, 'Check the photo path.');
    throw err;
  }
}

export async function enrolPerson(ctx: EnrolContext, name: string, photos: readonly string[], options: EnrolOptions = {}): Promise<EnrolReport> {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'unknown') throw invalidArgument('person name', 'a non-empty name other than "unknown"', name);
  if (photos.length === 0) throw invalidArgument('photos', 'at least one photo of the person', 0);
  const minScore = options.minFaceScore ?? 0.8;
  const embedder = ctx.encoder.name;
  const samples: EnrolmentSample[] = [];
  const unmaskedPhotos: Array<{ path: string; hash: string; image: Awaited<ReturnType<typeof decodeImage>>; face: Awaited<ReturnType<typeof mainFace>> }> = [];
  // Every photo is read and checked before anything is written, so a bad photo enrols nothing.
  for (const path of photos) {
    const bytes = await readPhoto(path);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const image = await decodeImage(bytes, path);
    const face = await mainFace(ctx.detector, image, path, minScore);
    const vector = await ctx.encoder.encode(image, face);
    const masked = ctx.maskClassifier === undefined ? false : ctx.maskClassifier.classify(vector).masked;
    samples.push({ embedder, vector, sourceHash: hash, source: path, kind: masked ? 'masked' : 'unmasked' });
    if (!masked) unmaskedPhotos.push({ path, hash, image, face });
  }
  const allUnmasked = unmaskedPhotos.length === photos.length;
  if (allUnmasked && ctx.maskSynthesizer !== undefined && options.noSyntheticMasks !== true) {
    for (const photo of unmaskedPhotos) {
      for (const variant of await ctx.maskSynthesizer.variants(photo.image, photo.face)) {
        const vector = await ctx.encoder.encode(variant.image, photo.face);
        samples.push({ embedder, vector, sourceHash: photo.hash, source: photo.path, kind: 'synthetic-masked', mask: variant.label });
      }
    }
  }
  const summary = await ctx.gallery.enrol(trimmed, samples);
  const added: Record<SampleKind, number> = { unmasked: 0, masked: 0, 'synthetic-masked': 0 };
  for (const s of samples) added[s.kind]++;
  return { ...summary, added };
}
