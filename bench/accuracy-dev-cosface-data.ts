/**
 * Features of the CosFace-head experiment (bench/accuracy-dev-cosface.ts): every view of the
 * development protocol's photos (as bench:accuracy:dev extracts them), and synthetic masks drawn on
 * the BACKGROUND people's unmasked photos (with mirrors), the head's masked training examples. The
 * dev people's own synthetic copies are never read here: the head sees background people only.
 */
import type { ViewName } from '../src/methods/face-views.js';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isImagePath } from '../src/image/io.js';
import { type BenchData, type BenchPhoto, LFW_FACE_REGION, LFW_PEOPLE } from './accuracy-data.js';
import { syntheticCopies } from './accuracy-dev-data.js';

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

