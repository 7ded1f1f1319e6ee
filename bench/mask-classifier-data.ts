/**
 * The photos of the mask classifier (bench/recognize-mask-train.ts), split so that no person of an
 * evaluation ever trains it and no setting is chosen on the evaluation:
 * - **train**: RMFD people who are neither bench:accuracy's 30 test people nor its 30 development
 *   people (real masks, and unmasked photos), and `lfw-train-pool` people (unmasked as photographed,
 *   and, for masks on other faces than RMFD's, some with a synthetic mask);
 * - **dev** (settings of the shipped classifier: L2 penalty, cutoff): RMFD's development people,
 *   and other lfw-train-pool people, unmasked. bench/recognize-mask-dev.ts compares training
 *   recipes by a cross-validation by person over train and dev instead (dev alone is too small and
 *   too easy to tell them apart), and bench/recognize-mask-candidate.ts trains on both;
 * - **test** (reported once): RMFD's test people (real masks; their unmasked photos) and LFW's 128
 *   people with 10+ photos (`lfw/`, unmasked), never used to train any network here.
 * A photo whose bytes appear in two people's folders (RMFD's known noise) is kept only in the
 * earliest split that has it, never in train.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isImagePath } from '../src/image/io.js';
import { hashFile } from '../src/queue/jobs.js';
import { loadBenchData } from './accuracy-data.js';

export type MaskSplit = 'train' | 'dev' | 'test';
export type MaskSource = 'rmfd' | 'lfw';

export interface MaskPhoto {
  readonly path: string;
  readonly person: string;
  /** Whether the face wears a mask (real, or `synthetic`). */
  readonly masked: boolean;
  /** A synthetic mask is drawn on the unmasked photo (seeded by its path). */
  readonly synthetic: boolean;
  readonly source: MaskSource;
  readonly split: MaskSplit;
}

export interface MaskDataOptions {
  /** lfw-train-pool people for training (one unmasked photo each); default 500. */
  readonly lfwTrainPeople?: number;
  /** Of those, people whose second photo gets a synthetic mask; default 200. */
  readonly lfwSyntheticPeople?: number;
  /** Further lfw-train-pool people for dev (one unmasked photo each); default 200. */
  readonly lfwDevPeople?: number;
  /** Photos per LFW test person; default 3. */
  readonly lfwTestPhotos?: number;
  /** Unmasked RMFD photos per train person; default 2. */
  readonly rmfdUnmaskedPerPerson?: number;
  /** Unmasked RMFD photos per train person that are also kept with a synthetic mask (the last ones); default 0. */
  readonly rmfdSyntheticPerPerson?: number;
}

/**
 * The photos of bench/recognize-mask-candidate.ts, preferred by bench/recognize-mask-dev.ts (five-fold
 * cross-validation by person, no test person read): every unmasked photo of the RMFD train people,
 * and the last one also with a synthetic mask; 500 lfw-train-pool people, 200 of them also masked.
 */
export const TRAINING_PHOTOS: MaskDataOptions = { lfwTrainPeople: 500, lfwSyntheticPeople: 200, rmfdUnmaskedPerPerson: 5, rmfdSyntheticPerPerson: 1 };

const listImages = async (dir: string): Promise<string[]> => {
  try {
    return (await readdir(dir)).filter(isImagePath).sort().map((f) => join(dir, f));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
};

export async function maskClassifierPhotos(datasets: string, options: MaskDataOptions = {}): Promise<MaskPhoto[]> {
  const rmfd = join(datasets, 'rmfd-subset');
  const peopleOf = async (set: 'test' | 'dev'): Promise<Set<string>> => new Set((await loadBenchData(datasets, set)).enrolled.map((p) => p.person));
  const testPeople = await peopleOf('test');
  const devPeople = await peopleOf('dev');
  const people = [...new Set([...(await readdir(join(rmfd, 'AFDB_face_dataset'))), ...(await readdir(join(rmfd, 'AFDB_masked_face_dataset')))])].sort();
  const photos: MaskPhoto[] = [];
  const unmaskedPerPerson = options.rmfdUnmaskedPerPerson ?? 2;
  for (const person of people) {
    const split: MaskSplit = testPeople.has(person) ? 'test' : devPeople.has(person) ? 'dev' : 'train';
    const unmasked = await listImages(join(rmfd, 'AFDB_face_dataset', person));
    for (const path of split === 'train' ? unmasked.slice(0, unmaskedPerPerson) : unmasked) photos.push({ path, person, masked: false, synthetic: false, source: 'rmfd', split });
    if (split === 'train') for (const path of unmasked.slice(unmasked.length - Math.min(unmasked.length, options.rmfdSyntheticPerPerson ?? 0))) photos.push({ path, person, masked: true, synthetic: true, source: 'rmfd', split });
    for (const path of await listImages(join(rmfd, 'AFDB_masked_face_dataset', person))) photos.push({ path, person, masked: true, synthetic: false, source: 'rmfd', split });
  }
  const pool = join(datasets, 'lfw-train-pool');
  const poolPeople = (await readdir(pool)).sort();
  const trainPeople = options.lfwTrainPeople ?? 500;
  const syntheticPeople = options.lfwSyntheticPeople ?? 200;
  const devCount = options.lfwDevPeople ?? 200;
  // Every other pool person trains, the ones between are dev: both halves span the alphabet.
  const trainPool = poolPeople.filter((_, i) => i % 2 === 0).slice(0, trainPeople);
  const devPool = poolPeople.filter((_, i) => i % 2 === 1).slice(0, devCount);
  for (const [i, person] of trainPool.entries()) {
    const files = await listImages(join(pool, person));
    photos.push({ path: files[0]!, person: `lfw/${person}`, masked: false, synthetic: false, source: 'lfw', split: 'train' });
    const second = files[1] ?? files[0]!;
    if (i < syntheticPeople) photos.push({ path: second, person: `lfw/${person}`, masked: true, synthetic: true, source: 'lfw', split: 'train' });
  }
  for (const person of devPool) photos.push({ path: (await listImages(join(pool, person)))[0]!, person: `lfw/${person}`, masked: false, synthetic: false, source: 'lfw', split: 'dev' });
  const lfw = join(datasets, 'lfw');
  for (const person of (await readdir(lfw)).sort()) {
    for (const path of (await listImages(join(lfw, person))).slice(0, options.lfwTestPhotos ?? 3)) photos.push({ path, person: `lfw/${person}`, masked: false, synthetic: false, source: 'lfw', split: 'test' });
  }
  return withoutCrossSplitCopies(photos);
}

/** Drops a train or dev photo whose bytes are also a photo of a later-listed, stricter split (test before dev before train). */
async function withoutCrossSplitCopies(photos: readonly MaskPhoto[]): Promise<MaskPhoto[]> {
  const rank: Record<MaskSplit, number> = { test: 0, dev: 1, train: 2 };
  const hashes = await Promise.all(photos.map((p) => (p.source === 'rmfd' ? hashFile(p.path) : Promise.resolve(p.path))));
  const strictest = new Map<string, number>();
  photos.forEach((p, i) => strictest.set(hashes[i]!, Math.min(strictest.get(hashes[i]!) ?? 3, rank[p.split])));
  return photos.filter((p, i) => strictest.get(hashes[i]!) === rank[p.split]);
}
