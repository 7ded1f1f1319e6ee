/**
 * MobileFace on the DEVELOPMENT people of bench:accuracy-dev (`--sections mobileface`): RMFD's
 * photos are tight 160x160 crops without landmarks, so MobileFace gets two inputs. `mobileface`:
 * the views of the tight crop as they are (whole face and upper face, as faceres and dlib get them,
 * a centred crop). `mobileface-arcface`: RetinaFace looks for the face on the crop padded with black
 * (detectors miss faces that fill the frame); with five landmarks the face is warped onto ArcFace's
 * template as MobileFace was trained, otherwise the crop is used as it is. Each is compared alone
 * and appended to the mask-robust vector, under the dev-chosen default (flips, PCA 512, shrinkage 0.1).
 */
import { ArcfaceAlignedEmbedder, loadArcfaceAligned } from '../src/face/arcface-aligned.js';
import { ARCFACE_MOBILEFACENET_INPUT_SIZE, load as loadArcfaceMobilefacenet } from '../src/models/arcface-mobilefacenet/index.js';
import { ARCFACE_MASKINV_INPUT_SIZE, load as loadArcfaceMaskinv } from '../src/models/arcface-mobilefacenet-maskinv/index.js';
import { load as loadDlibResnet34 } from '../src/models/dlib-resnet34/index.js';
import { load as loadFaceres } from '../src/models/faceres/index.js';
import { MOBILEFACE_INPUT_SIZE, load as loadMobileface } from '../src/models/mobileface/index.js';
import { load as loadMobilefaceTuned } from '../src/models/mobileface-tuned/index.js';
import type { Embedder } from '../src/models/types.js';
import type { ViewName } from '../src/methods/face-views.js';
import { MASK_ROBUST_PARTS } from '../src/methods/mask-robust-features.js';
import type { BenchData, BenchPhoto } from './accuracy-data.js';
import { type DevPart, devFeature } from './accuracy-dev-data.js';
import type { DevConfig, DevInput, DevSample } from './accuracy-dev-experiments.js';
import { type FeatureCache, extractFeatures } from './accuracy-features.js';

export const MOBILEFACE_ARCFACE = 'mobileface-arcface';
/** The `fit-backbone` layer (src/models/mobileface-tuned, or --tuned-head) on the same aligned chip. */
export const MOBILEFACE_TUNED_ARCFACE = 'mobileface-tuned-arcface';
const CENTRED_PARTS: readonly DevPart[] = [
  { embedder: 'mobileface', view: 'full' },
  { embedder: 'mobileface', view: 'upper' },
];
const ALIGNED_PARTS: readonly DevPart[] = [{ embedder: MOBILEFACE_ARCFACE, view: 'full' }];
const TUNED_PARTS: readonly DevPart[] = [{ embedder: MOBILEFACE_TUNED_ARCFACE, view: 'full' }];
/** The 512-D ArcFace MobileFaceNet (issue 23) on the same aligned chip. */
export const ARCFACE_MBF_ARCFACE = 'arcface-mobilefacenet-arcface';
const ARCFACE_MBF_PARTS: readonly DevPart[] = [{ embedder: ARCFACE_MBF_ARCFACE, view: 'full' }];
/** Its distilled student (issue 24, src/models/arcface-mobilefacenet-maskinv) on the same chip. */
export const ARCFACE_MASKINV_ARCFACE = 'arcface-mobilefacenet-maskinv-arcface';
const ARCFACE_MASKINV_PARTS: readonly DevPart[] = [{ embedder: ARCFACE_MASKINV_ARCFACE, view: 'full' }];
const FACERES_PARTS = MASK_ROBUST_PARTS.filter((p) => p.embedder === 'faceres');

/** The feature sets compared, each a list of (embedder, view) parts concatenated at unit length. */
export const MOBILEFACE_FEATURES: ReadonlyArray<{ readonly name: string; readonly parts: readonly DevPart[] }> = [
  { name: 'mask-robust (faceres + dlib, whole and upper face; the default)', parts: MASK_ROBUST_PARTS },
  { name: 'mobileface, crop as it is, whole face', parts: CENTRED_PARTS.slice(0, 1) },
  { name: 'mobileface, crop as it is, whole and upper face', parts: CENTRED_PARTS },
  { name: 'mobileface, ArcFace-aligned when RetinaFace finds 5 landmarks', parts: ALIGNED_PARTS },
  { name: 'mask-robust + mobileface (crop as it is, whole and upper)', parts: [...MASK_ROBUST_PARTS, ...CENTRED_PARTS] },
  { name: 'mask-robust + mobileface (ArcFace-aligned)', parts: [...MASK_ROBUST_PARTS, ...ALIGNED_PARTS] },
  { name: 'mobileface-tuned (fit-backbone layer), ArcFace-aligned', parts: TUNED_PARTS },
  { name: 'mask-robust + mobileface-tuned (ArcFace-aligned)', parts: [...MASK_ROBUST_PARTS, ...TUNED_PARTS] },
  { name: 'arcface-mobilefacenet, ArcFace-aligned', parts: ARCFACE_MBF_PARTS },
  { name: 'mask-robust + arcface-mobilefacenet (ArcFace-aligned)', parts: [...MASK_ROBUST_PARTS, ...ARCFACE_MBF_PARTS] },
  { name: 'faceres (whole and upper) + arcface-mobilefacenet (ArcFace-aligned)', parts: [...FACERES_PARTS, ...ARCFACE_MBF_PARTS] },
  { name: 'arcface-mobilefacenet-maskinv (distilled), ArcFace-aligned', parts: ARCFACE_MASKINV_PARTS },
  { name: 'mask-robust + arcface-mobilefacenet-maskinv (ArcFace-aligned)', parts: [...MASK_ROBUST_PARTS, ...ARCFACE_MASKINV_PARTS] },
  { name: 'faceres (whole and upper) + arcface-mobilefacenet-maskinv (ArcFace-aligned)', parts: [...FACERES_PARTS, ...ARCFACE_MASKINV_PARTS] },
];

/** The dev-chosen default of bench:accuracy (docs/accuracy.md), closed set. */
export const DEFAULT_DEV_CONFIG: Omit<DevConfig, 'name'> = { flip: true, background: true, pcaDimensions: 512, shrinkage: 0.1, classifier: 'group-means' };

/**
 * Extracts the views that the feature sets in `features` need (default: all), for the enrolled and
 * background photos only (closed set); `tunedHead`: the fit-backbone layer to measure (default: the shipped one).
 */
export async function extractMobilefaceFeatures(data: BenchData, cache: FeatureCache, log: (line: string) => void, features = MOBILEFACE_FEATURES, tunedHead?: string): Promise<void> {
  const photos = [...data.enrolled, ...data.projection];
  const views: ViewName[] = ['full', 'upper', 'full-flip', 'upper-flip'];
  const needed = new Set(features.flatMap((f) => f.parts.map((p) => p.embedder)));
  const jobs: Array<{ names: string[]; make: () => Promise<Embedder[]>; views: ViewName[] }> = [
    { names: ['faceres', 'dlib-resnet34'], make: async () => [await loadFaceres(), await loadDlibResnet34()], views },
    { names: ['mobileface'], make: async () => [await loadMobileface()], views },
    { names: [MOBILEFACE_ARCFACE], make: async () => [await loadArcfaceAligned(() => loadMobileface(), MOBILEFACE_INPUT_SIZE, MOBILEFACE_ARCFACE)], views: ['full', 'full-flip'] },
    { names: [ARCFACE_MBF_ARCFACE], make: async () => [await loadArcfaceAligned(() => loadArcfaceMobilefacenet(), ARCFACE_MOBILEFACENET_INPUT_SIZE, ARCFACE_MBF_ARCFACE)], views: ['full', 'full-flip'] },
    { names: [ARCFACE_MASKINV_ARCFACE], make: async () => [await loadArcfaceAligned(() => loadArcfaceMaskinv(), ARCFACE_MASKINV_INPUT_SIZE, ARCFACE_MASKINV_ARCFACE)], views: ['full', 'full-flip'] },
    { names: [MOBILEFACE_TUNED_ARCFACE], make: async () => [await loadArcfaceAligned(() => loadMobilefaceTuned(tunedHead === undefined ? {} : { headPath: tunedHead }), MOBILEFACE_INPUT_SIZE, MOBILEFACE_TUNED_ARCFACE)], views: ['full', 'full-flip'] },
  ];
  for (const job of jobs.filter((j) => j.names.some((n) => needed.has(n)))) {
    const embedders = await job.make();
    try {
      const missing: BenchPhoto[] = [];
      for (const photo of photos) {
        let complete = true;
        for (const e of embedders) for (const view of job.views) if ((await cache.get(photo, e.name, view)) === undefined) complete = false;
        if (!complete) missing.push(photo);
      }
      if (missing.length === 0) continue;
      log(`extracting ${embedders.map((e) => e.name).join('+')} ${job.views.join('+')} of ${missing.length} photos ...`);
      const started = Date.now();
      await extractFeatures(missing, embedders, job.views, cache, (done, total) => {
        if (done % 100 === 0 || done === total) log(`  ${done}/${total} photos, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      });
      for (const e of embedders) if (e instanceof ArcfaceAlignedEmbedder) log(`  ${e.name}: 5 landmarks found on ${e.aligned} of ${e.aligned + e.unaligned} views, crop used as it is on the others`);
    } finally {
      for (const e of embedders) e.dispose();
    }
  }
}

/** The dev input of one feature set (vector, flip-averaged vector, flip-averaged background). */
export async function mobilefaceInput(data: BenchData, cache: FeatureCache, parts: readonly DevPart[], folds: number, seeds: number): Promise<DevInput> {
  const need = async (photo: BenchPhoto, flip: boolean): Promise<Float32Array> => {
    const v = await devFeature(cache, photo, flip, parts);
    if (v === undefined) throw new Error(`${photo.path}: ${parts.map((p) => `${p.embedder}/${p.view}`).join(', ')} missing from the cache (flip ${flip}); run without --no-extract`);
    return v;
  };
  const enrolled: DevSample[] = [];
  for (const photo of data.enrolled) enrolled.push({ photo, vector: await need(photo, false), flipped: await need(photo, true), synthetic: [] });
  const background = await Promise.all(data.projection.map(async (p) => ({ vector: await need(p, false), label: p.person })));
  const backgroundFlipped = await Promise.all(data.projection.map(async (p) => ({ vector: await need(p, true), label: p.person })));
  return { enrolled, background, backgroundFlipped, folds, seeds };
}
