/**
 * The photos `fit-backbone` learns from and scores its checkpoints on: the people listed, read from
 * datasets in either layout `dataset scan` knows (RMFD's, or one folder per person). A person is
 * known by folder name; the same name in two datasets is one person. Exact duplicate files (same
 * bytes) owned by two people are left out, as `dataset prepare` does.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { MaskfaceError } from '../../errors.js';
import { scanDataset } from '../../data/layout.js';
import { withoutExactDuplicates } from '../../data/exact-duplicates.js';
import { isImagePath } from '../../image/io.js';
import type { FitPhoto } from './trunk-features.js';

export interface FitPhotoOptions {
  /** Synthetic masks drawn on each unmasked photo of a TRAINING person (variants 1..n). */
  readonly syntheticMasks: number;
  /** At most this many unmasked (and as many masked) photos per person, first by file name; default all. */
  readonly maxPerPerson?: number;
}

export interface FitPhotoSets {
  readonly train: FitPhoto[];
  /** Development people's real photos only (no synthetic masks): they score checkpoints. */
  readonly dev: FitPhoto[];
}

/** Reads the people of `train` and `dev` from `datasets`; every listed person must be found. */
export async function collectFitPhotos(datasets: readonly string[], train: ReadonlySet<string>, dev: ReadonlySet<string>, options: FitPhotoOptions): Promise<FitPhotoSets> {
  const both = [...train].filter((p) => dev.has(p));
  if (both.length > 0) throw new MaskfaceError('MF_INVALID_ARGUMENT', `${both.length} people are listed both for training (--people) and for development (--dev-people) (${both.slice(0, 3).join(', ')}): a checkpoint must be scored on people it never learned. Remove them from one list.`);
  const raw: Array<Omit<FitPhoto, 'variant'>> = [];
  const found = new Set<string>();
  for (const root of datasets) {
    const dataset = await scanDataset(root);
    for (const person of dataset.people) {
      if (!train.has(person.name) && !dev.has(person.name)) continue;
      found.add(person.name);
      for (const group of ['unmasked', 'masked'] as const) {
        const files = person[group].filter(isImagePath).sort().slice(0, options.maxPerPerson ?? Infinity);
        for (const path of files) raw.push({ path, hash: createHash('sha256').update(await readFile(path)).digest('hex'), person: person.name, group });
      }
    }
  }
  const missing = [...train, ...dev].filter((p) => !found.has(p));
  if (missing.length > 0) throw new MaskfaceError('MF_INVALID_ARGUMENT', `${missing.length} listed people have no folder in ${datasets.join(', ')} (${missing.slice(0, 3).join(', ')}). Check the names in --people and --dev-people against the dataset's person folders.`);
  const clean = withoutExactDuplicates(raw);
  const out: FitPhotoSets = { train: [], dev: [] };
  for (const p of clean) {
    if (dev.has(p.person)) {
      out.dev.push({ ...p, variant: 0 });
      continue;
    }
    out.train.push({ ...p, variant: 0 });
    if (p.group === 'unmasked') for (let v = 1; v <= options.syntheticMasks; v++) out.train.push({ ...p, group: 'masked', variant: v });
  }
  return out;
}
