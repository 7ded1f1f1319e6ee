/**
 * A prepared folder of a few real RMFD people, for tests of the lda method (src/train/lda-model.test.ts,
 * test/integration/lda-model-recognizer.test.ts). Needs ../shared/datasets/rmfd-subset.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { type ManifestEntry, writeManifest } from '../../src/data/manifest.js';

export const RMFD = resolve('../shared/datasets/rmfd-subset');
/** The `skip` option of a test that needs the RMFD subset. */
export const skipWithoutRmfd = existsSync(RMFD) ? false : 'needs ../shared/datasets/rmfd-subset';

/** The photo files of one person in one RMFD group folder, sorted. */
export const rmfdPhotos = (group: string, person: string): string[] => readdirSync(join(RMFD, group, person)).sort();

/** RMFD people, by name, with at least 2 masked and 3 unmasked photos. */
export const samplePeople = (): string[] => readdirSync(join(RMFD, 'AFDB_masked_face_dataset')).sort()
  .filter((p) => rmfdPhotos('AFDB_masked_face_dataset', p).length >= 2 && existsSync(join(RMFD, 'AFDB_face_dataset', p)) && rmfdPhotos('AFDB_face_dataset', p).length >= 3);

/**
 * A prepared folder of the first `people` sample people: 2 unmasked + 1 masked photo each to train
 * on, 1 masked + 1 unmasked to test. RMFD photos are already 160x160 tight crops, as
 * `maskface dataset prepare` writes them.
 */
export async function writeRmfdSample(out: string, people: number): Promise<void> {
  const entries: ManifestEntry[] = [];
  for (const person of samplePeople().slice(0, people)) {
    const picks = [
      ...rmfdPhotos('AFDB_face_dataset', person).slice(0, 3).map((f, i) => ({ folder: 'AFDB_face_dataset', f, group: 'unmasked' as const, split: i === 0 ? ('test' as const) : ('train' as const) })),
      ...rmfdPhotos('AFDB_masked_face_dataset', person).slice(0, 2).map((f, i) => ({ folder: 'AFDB_masked_face_dataset', f, group: 'masked' as const, split: i === 0 ? ('test' as const) : ('train' as const) })),
    ];
    for (const [i, pick] of picks.entries()) {
      const source = join(RMFD, pick.folder, person, pick.f);
      const output = join(pick.group, person, `${i}${extname(pick.f)}`);
      await mkdir(join(out, pick.group, person), { recursive: true });
      await copyFile(source, join(out, output));
      const hash = createHash('sha256').update(readFileSync(source)).digest('hex');
      entries.push({ person, group: pick.group, source, output, hash, width: 160, height: 160, split: pick.split });
    }
  }
  await writeManifest(out, { version: 1, size: 160, seed: 42, testFraction: 0.4, sourceRoot: RMFD, createdAt: new Date(0).toISOString(), entries });
}
