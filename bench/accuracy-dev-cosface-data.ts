/**
 * Features of the CosFace-head experiment (bench/accuracy-dev-cosface.ts): every view of the
 * development protocol's photos (as bench:accuracy:dev extracts them), and synthetic masks drawn on
 * the BACKGROUND people's unmasked photos (with mirrors), the head's masked training examples. The
 * dev people's own synthetic copies are never read here: the head sees background people only.
 */
import type { Embedder } from '../src/models/types.js';
import { load as loadDlibResnet34 } from '../src/models/dlib-resnet34/index.js';
import { load as loadFaceres } from '../src/models/faceres/index.js';
import { load as loadLandmarks68 } from '../src/face/landmarks68/index.js';
import { insertMask, photoSeed } from '../src/mask/index.js';
import type { ViewName } from '../src/methods/face-views.js';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isImagePath } from '../src/image/io.js';
import { type BenchData, type BenchPhoto, LFW_FACE_REGION, LFW_PEOPLE } from './accuracy-data.js';
import { syntheticCopies } from './accuracy-dev-data.js';
import { type FeatureCache, type Masker, extractFeatures } from './accuracy-features.js';

/** Synthetic masks per unmasked background photo (type and colour random per variant). */
export const BACKGROUND_SYNTHETIC_VARIANTS = 1;

const ALL_VIEWS: ViewName[] = ['full', 'upper', 'full-flip', 'upper-flip'];

/** The synthetic-mask copies of the background people's unmasked photos. */
export function backgroundSynthetic(data: BenchData, variants = BACKGROUND_SYNTHETIC_VARIANTS): BenchPhoto[] {
  return syntheticCopies(data.projection, variants);
}

/** Photos per LFW training person (the first by name); every other one gets a synthetic mask. */
export const LFW_TRAINING_PHOTOS = 8;

/**
 * Extra head-training people from LFW: the people of `lfw/` after the first LFW_PEOPLE (those are
 * bench:accuracy's LFW test people), never enrolled or strangers anywhere (the strangers come from
 * `lfw-strangers/`, people with fewer than 10 photos). As loadLfwSyntheticData: each photo is used
 * once, masked (synthetic) or not.
 */
export async function loadLfwTrainingPhotos(datasetsDir: string, photosPerPerson = LFW_TRAINING_PHOTOS): Promise<BenchPhoto[]> {
  const lfwDir = join(datasetsDir, 'lfw');
  const out: BenchPhoto[] = [];
  for (const person of (await readdir(lfwDir)).sort().slice(LFW_PEOPLE)) {
    const names = (await readdir(join(lfwDir, person))).filter(isImagePath).sort().slice(0, photosPerPerson);
    for (const [i, name] of names.entries()) {
      const path = join(lfwDir, person, name);
      const masked = i % 2 === 0;
      const hash = createHash('sha256').update(await readFile(path)).digest('hex');
      out.push({ path, hash, person: `lfw:${person}`, group: masked ? 'masked' : 'unmasked', role: 'projection', crop: LFW_FACE_REGION, syntheticMask: masked });
    }
  }
  return out;
}

/** What the experiment reads, in order of need: the protocol's photos, then the background's masked copies. */
export function cosfaceJobs(data: BenchData, lfw: readonly BenchPhoto[] = [], variants = BACKGROUND_SYNTHETIC_VARIANTS): Array<{ photos: readonly BenchPhoto[]; views: ViewName[] }> {
  return [
    { photos: [...data.enrolled, ...data.strangers, ...data.projection], views: ALL_VIEWS },
    { photos: backgroundSynthetic(data, variants), views: ALL_VIEWS },
    ...(lfw.length > 0 ? [{ photos: lfw, views: ALL_VIEWS }] : []),
  ];
}

/** Extracts the missing (photo, embedder, view) embeddings of `jobs` into `cache`. */
export async function extractCosfaceFeatures(jobs: ReturnType<typeof cosfaceJobs>, cache: FeatureCache, log: (line: string) => void): Promise<void> {
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
  // As bench:accuracy:dev draws them: RMFD photos are tight crops, the whole photo is the face box.
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
