/**
 * The photos `maskface distill` learns from: every person of the datasets given (RMFD's layout or
 * one folder per person) except the development people, who score checkpoints, and the excluded
 * people (a benchmark's test people: a network must never learn them). A person is known by folder
 * name; exact duplicate files owned by two people are left out, as `dataset prepare` does.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { withoutExactDuplicates } from '../../data/exact-duplicates.js';
import { scanDataset } from '../../data/layout.js';
import { isImagePath } from '../../image/io.js';
import type { DistillPhoto } from './chips.js';

export interface DistillPhotoSets {
  /** Training photos of each dataset, in the order the datasets were given. */
  readonly train: DistillPhoto[][];
  readonly dev: DistillPhoto[][];
}

export async function collectDistillPhotos(datasets: readonly string[], dev: ReadonlySet<string>, excluded: ReadonlySet<string>): Promise<DistillPhotoSets> {
  const raw: Array<DistillPhoto & { hash: string; source: number }> = [];
  for (const [source, root] of datasets.entries()) {
    const dataset = await scanDataset(root);
    for (const person of dataset.people) {
      if (excluded.has(person.name)) continue;
      for (const group of ['unmasked', 'masked'] as const) {
        for (const path of person[group].filter(isImagePath).sort()) {
          raw.push({ path, person: person.name, masked: group === 'masked', source, hash: createHash('sha256').update(await readFile(path)).digest('hex') });
        }
      }
    }
  }
  const out: DistillPhotoSets = { train: datasets.map(() => []), dev: datasets.map(() => []) };
  for (const { hash: _, source, ...p } of withoutExactDuplicates(raw)) (dev.has(p.person) ? out.dev : out.train)[source]!.push(p);
  return out;
}
