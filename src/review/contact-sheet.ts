/**
 * The data behind the review page (paper 3.1.2, the manual cleaning pass): every photo of a
 * prepared folder grouped by person, with whether it is excluded by hand. Photos excluded by an
 * earlier review are no longer in the manifest; they come back from the report so they can be
 * restored. Choices are kept in `review.json` as source paths, the format `prepare` reads.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readManifest, REPORT_FILE, REVIEW_FILE } from '../data/manifest.js';
import { readReview, writeReview } from '../data/review-file.js';

export interface SheetPhoto {
  /** Stable index used in URLs, so the page never names a file path. */
  readonly id: number;
  readonly source: string;
  readonly group: 'masked' | 'unmasked';
  /** Absolute path of the image shown: the prepared photo, or the source when it was excluded earlier. */
  readonly file: string;
  readonly split?: 'train' | 'test';
}

export interface ContactSheet {
  readonly dir: string;
  readonly photos: readonly SheetPhoto[];
  readonly people: readonly { readonly person: string; readonly photoIds: readonly number[] }[];
}

interface ReportExclusion {
  source: string;
  person: string;
  group: 'masked' | 'unmasked';
}

async function handExcludedFromReport(dir: string): Promise<Map<string, ReportExclusion>> {
  try {
    const report = JSON.parse(await readFile(join(dir, REPORT_FILE), 'utf8')) as { excluded?: ReportExclusion[] };
    return new Map((report.excluded ?? []).map((e) => [e.source, e]));
  } catch {
    return new Map();
  }
}

export async function loadContactSheet(dir: string): Promise<ContactSheet> {
  const manifest = await readManifest(dir);
  const excluded = await readReview(join(dir, REVIEW_FILE));
  const fromReport = await handExcludedFromReport(dir);
  const photos: SheetPhoto[] = manifest.entries.map((e, id) => ({ id, source: e.source, group: e.group, file: join(dir, e.output), split: e.split }));
  const inManifest = new Set(manifest.entries.map((e) => e.source));
  const persons = new Map<string, number[]>();
  const add = (person: string, id: number): void => {
    persons.set(person, [...(persons.get(person) ?? []), id]);
  };
  manifest.entries.forEach((e, id) => add(e.person, id));
  for (const source of [...excluded].sort()) {
    if (inManifest.has(source)) continue;
    const known = fromReport.get(source);
    const id = photos.length;
    photos.push({ id, source, group: known?.group ?? 'unmasked', file: source });
    add(known?.person ?? basename(dirname(source)), id);
  }
  const people = [...persons].sort(([a], [b]) => a.localeCompare(b)).map(([person, photoIds]) => ({ person, photoIds }));
  return { dir, photos, people };
}

/**
 * Toggles one photo in `review.json` and saves the file atomically. Calls are serialised by the
 * caller (the server queues them) so two clicks never lose each other's write.
 */
export async function toggleExcluded(dir: string, source: string): Promise<{ excluded: boolean; total: number }> {
  const path = join(dir, REVIEW_FILE);
  const current = await readReview(path);
  const nowExcluded = !current.has(source);
  if (nowExcluded) current.add(source);
  else current.delete(source);
  await writeReview(path, current);
  return { excluded: nowExcluded, total: current.size };
}
