/**
 * Photos and features of the DEVELOPMENT accuracy benchmark (issue 10): the next 30 RMFD people by
 * masked photos (never the 30 test people), with the extra embeddings its experiments need — mirror
 * views (test-time flips) and synthetic masks drawn on the dev people's unmasked photos. Everything
 * is cached in the same feature cache as `bench:accuracy`.
 */
import type { Embedder } from '../src/models/types.js';
import { load as loadDlibResnet34 } from '../src/models/dlib-resnet34/index.js';
import { load as loadFaceres } from '../src/models/faceres/index.js';
import { load as loadLandmarks68 } from '../src/face/landmarks68/index.js';
import { insertMask, photoSeed } from '../src/mask/index.js';
import { FLIPPED_VIEW, type ViewName } from '../src/methods/face-views.js';
import { MASK_ROBUST_PARTS, flipAverage, fuseParts } from '../src/methods/mask-robust-features.js';
import type { BenchData, BenchPhoto } from './accuracy-data.js';
import { type FeatureCache, type Masker, extractFeatures } from './accuracy-features.js';

/** Synthetic masks drawn per unmasked dev photo (type and colour random per variant). */
export const SYNTHETIC_VARIANTS = 3;

/** The synthetic-mask copies (variants 1..n) of the unmasked enrolled photos. */
export function syntheticCopies(enrolled: readonly BenchPhoto[], variants = SYNTHETIC_VARIANTS): BenchPhoto[] {
  const out: BenchPhoto[] = [];
  for (const p of enrolled.filter((e) => e.group === 'unmasked')) {
    for (let v = 1; v <= variants; v++) out.push({ ...p, group: 'masked', syntheticMask: true, maskVariant: v });
  }
  return out;
}

/** What to extract, in order of need: the plain views of every photo, synthetic masks, then flips. */
export function extractionJobs(data: BenchData, synthetic: readonly BenchPhoto[]): Array<{ photos: readonly BenchPhoto[]; views: ViewName[] }> {
  const all = [...data.enrolled, ...data.strangers, ...data.projection];
  return [
    { photos: all, views: ['full', 'upper'] },
    { photos: synthetic, views: ['full', 'upper'] },
    { photos: data.enrolled, views: ['full-flip', 'upper-flip'] },
    { photos: data.strangers, views: ['full-flip', 'upper-flip'] },
    { photos: data.projection, views: ['full-flip', 'upper-flip'] },
  ];
}

export async function extractDevFeatures(data: BenchData, synthetic: readonly BenchPhoto[], cache: FeatureCache, log: (line: string) => void): Promise<void> {
  await extractMissing(extractionJobs(data, synthetic), cache, log);
}

/**
 * Extracts the faceres and dlib ResNet-34 embeddings that `cache` lacks for each job's photos and
 * views, in the jobs' order; loads the networks only when something is missing.
 */
export async function extractMissing(jobs: ReadonlyArray<{ photos: readonly BenchPhoto[]; views: ViewName[] }>, cache: FeatureCache, log: (line: string) => void): Promise<void> {
  const missing: Array<{ photos: BenchPhoto[]; views: ViewName[] }> = [];
  for (const job of jobs) {
    const photos: BenchPhoto[] = [];
    for (const photo of job.photos) {
      const views = await Promise.all(job.views.flatMap((view) => ['faceres', 'dlib-resnet34'].map((e) => cache.get(photo, e, view))));
      if (views.some((v) => v === undefined)) photos.push(photo);
    }
    if (photos.length > 0) missing.push({ photos, views: job.views });
  }
  if (missing.length === 0) return;
  const embedders: Embedder[] = [await loadFaceres(), await loadDlibResnet34()];
  const landmarks = await loadLandmarks68();
  // RMFD photos are tight crops (brows to chin, about what dlib's detector boxes): the whole photo is the box.
  const masker: Masker = async (photo, image) =>
    insertMask(image, await landmarks.detect(image, photo.crop ?? { x: 0, y: 0, width: image.width, height: image.height }), {
      type: 'random',
      color: 'random',
      seed: photoSeed(photo.maskVariant ?? 0, photo.path),
    });
  try {
    for (const job of missing) {
      log(`extracting ${job.views.join('+')} of ${job.photos.length} photos ...`);
      const started = Date.now();
      await extractFeatures(job.photos, embedders, job.views, cache, (done, total) => {
        if (done % 50 === 0 || done === total) log(`  ${done}/${total} photos, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }, masker);
    }
  } finally {
    for (const e of embedders) e.dispose();
    landmarks.dispose();
  }
}

/** One part of a fused feature: an embedder's (cache name's) vector of one view. */
export interface DevPart {
  readonly embedder: string;
  readonly view: ViewName;
}

/**
 * The mask-robust vector of a photo (or the fusion of other `from` parts); with `flip`, each part
 * is the mean of the unit embeddings of the view and its mirror (when the mirror is not cached,
 * `undefined` is returned so the caller can count it).
 */
export async function devFeature(cache: FeatureCache, photo: BenchPhoto, flip: boolean, from: readonly DevPart[] = MASK_ROBUST_PARTS): Promise<Float32Array | undefined> {
  const parts: Float32Array[] = [];
  for (const part of from) {
    const v = await cache.get(photo, part.embedder, part.view);
    if (v === undefined) return undefined;
    if (!flip) {
      parts.push(v);
      continue;
    }
    const mirror = await cache.get(photo, part.embedder, FLIPPED_VIEW[part.view]);
    if (mirror === undefined) return undefined;
    parts.push(flipAverage(v, mirror));
  }
  return fuseParts(parts);
}
