/**
 * A prepared dataset small enough for training tests: a few people whose photos differ in colour
 * and stripes (learnable by a tiny network in a few steps), written with the real manifest writer.
 */
import { join } from 'node:path';
import { writeManifest, type ManifestEntry } from '../../data/manifest.js';
import { writeImage } from '../../image/io.js';
import type { RgbImage } from '../../image/types.js';

export interface TinyDatasetOptions {
  readonly people: number;
  readonly photosPerPerson: number;
  readonly size: number;
  /** Photos of each person that go to the test split. */
  readonly testPerPerson: number;
  /** Also write the photos as a raw dataset in RMFD's layout here. */
  readonly rawDir?: string;
}

function photo(person: number, index: number, size: number): RgbImage {
  const data = new Uint8Array(size * size * 3);
  const hue = [[220, 40, 40], [40, 200, 60], [50, 60, 230], [200, 200, 40]][person % 4] ?? [128, 128, 128];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const stripe = Math.floor((person % 2 === 0 ? x : y) / 4) % 2;
      const noise = ((x * 31 + y * 17 + index * 13) % 23) - 11;
      for (let c = 0; c < 3; c++) data[(y * size + x) * 3 + c] = Math.max(0, Math.min(255, (hue[c] ?? 0) * (stripe ? 1 : 0.6) + noise));
    }
  }
  return { width: size, height: size, data };
}

export async function writeTinyDataset(dir: string, options: TinyDatasetOptions): Promise<void> {
  const entries: ManifestEntry[] = [];
  for (let p = 0; p < options.people; p++) {
    for (let i = 0; i < options.photosPerPerson; i++) {
      const person = `person_${p}`;
      const group = i % 3 === 0 ? 'masked' : 'unmasked';
      const output = join(group, person, `${i}.png`);
      const image = photo(p, i, options.size);
      await writeImage(join(dir, output), image);
      if (options.rawDir !== undefined) {
        await writeImage(join(options.rawDir, group === 'masked' ? 'AFDB_masked_face_dataset' : 'AFDB_face_dataset', person, `${i}.png`), image);
      }
      entries.push({ person, group, source: `/synthetic/${person}/${i}.png`, output, hash: `${p}-${i}`, width: options.size, height: options.size, split: i < options.testPerPerson ? 'test' : 'train' });
    }
  }
  await writeManifest(dir, { version: 1, size: options.size, seed: 42, testFraction: 0.2, sourceRoot: '/synthetic', createdAt: new Date(0).toISOString(), entries });
}
