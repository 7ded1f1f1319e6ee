/**
 * `prepare` (paper 3.1.1-3.1.2): keeps people with enough unmasked and masked photos, removes
 * exact duplicates, unreadable files, hand-excluded photos and whatever the filters reject,
 * letterboxes the rest to a square, writes them in RMFD layout with a manifest and a report.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { basename, extname, join, relative, resolve } from 'node:path';
import { MaskfaceError } from '../errors.js';
import { decodeImage, isImagePath, writeFileAtomic, writeImage } from '../image/io.js';
import { letterbox } from '../image/letterbox.js';
import type { RgbImage } from '../image/types.js';
import type { PhotoFilter } from './filters.js';
import { RMFD_MASKED_DIR, RMFD_UNMASKED_DIR, scanDataset, type Group, type LayoutKind } from './layout.js';
import { REPORT_FILE, REVIEW_FILE, writeManifest, type Manifest, type ManifestEntry } from './manifest.js';
import { nearDuplicateGroups } from './near-duplicates.js';
import { readReview } from './review-file.js';
import { stratifiedSplit } from './split.js';

export interface PrepareOptions {
  readonly input: string;
  readonly out: string;
  /** Keep people with at least this many usable unmasked photos (paper: 10). */
  readonly minUnmasked?: number;
  /** ... who also have at least this many usable masked photos (paper: 1). */
  readonly minMasked?: number;
  /** Only these people (folder names). */
  readonly people?: readonly string[];
  /** Side of the letterboxed square in pixels (paper: 160). */
  readonly size?: number;
  /** Share of each person's photos per group held out for testing (paper: 0.2). */
  readonly testFraction?: number;
  /** Seed of the split (paper: random_state 42). */
  readonly seed?: number;
  readonly layout?: LayoutKind;
  readonly maskedPattern?: string;
  /** Photos decoded at once. */
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Keep near-duplicate photos of one person (frames of one event, re-encodings) on one side of the
   * split: photos whose unit-length vectors have a cosine above `cosine` (0..1 exclusive; the CLI's
   * default is faceres at NEAR_DUPLICATE_COSINE = 0.85) are grouped. Omitted: the paper's plain split.
   */
  readonly nearDuplicates?: NearDuplicateOptions;
}

export interface NearDuplicateOptions {
  /** Turns a prepared (letterboxed) photo into a vector; any length, normalised here. */
  readonly vectoriser: { readonly name: string; embed(image: RgbImage): Promise<Float32Array> };
  readonly cosine: number;
}

/** What near-duplicate grouping did: groups of two or more photos and the photos in them. */
export type NearDuplicateSummary =
  | { readonly embedder: string; readonly cosine: number; readonly groups: number; readonly photos: number; readonly heldTogether: string }
  | 'not grouped';

export interface Exclusion {
  readonly source: string;
  readonly person: string;
  readonly group: Group;
  readonly reason: string;
}

export interface PrepareReport {
  readonly input: string;
  readonly out: string;
  readonly options: Record<string, unknown>;
  readonly peopleKept: number;
  readonly photosKept: Record<Group, number>;
  readonly peopleExcluded: { readonly person: string; readonly reason: string }[];
  readonly excluded: Exclusion[];
  readonly nearDuplicates: NearDuplicateSummary;
}

interface Candidate {
  readonly person: string;
  readonly group: Group;
  readonly source: string;
  hash: string;
}

async function mapPool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

function cropImage(image: RgbImage, box: { x: number; y: number; width: number; height: number }): RgbImage {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(image.width, Math.ceil(box.x + box.width));
  const y1 = Math.min(image.height, Math.ceil(box.y + box.height));
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) data.set(image.data.subarray(((y0 + y) * image.width + x0) * 3, ((y0 + y) * image.width + x0 + w) * 3), y * w * 3);
  return { width: w, height: h, data };
}

function unitLength(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm);
  return norm > 0 ? vector.map((x) => x / norm) : vector;
}

/** Near-duplicate group number (0, 1, ... in the items' order) of each item in a group of two or more. */
function sharedGroupNumbers(groups: readonly number[]): (number | undefined)[] {
  const sizes = new Map<number, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  const numbers = new Map<number, number>();
  return groups.map((g) => {
    if (sizes.get(g)! < 2) return undefined;
    if (!numbers.has(g)) numbers.set(g, numbers.size);
    return numbers.get(g);
  });
}

function countByPerson(items: readonly Candidate[]): Map<string, Record<Group, number>> {
  const counts = new Map<string, Record<Group, number>>();
  for (const c of items) {
    const k = counts.get(c.person) ?? { masked: 0, unmasked: 0 };
    k[c.group]++;
    counts.set(c.person, k);
  }
  return counts;
}

/** A rerun (after a review, say) removes prepared photos that are no longer kept. */
async function removeStaleOutputs(out: string, kept: ReadonlySet<string>): Promise<void> {
  for (const group of [RMFD_UNMASKED_DIR, RMFD_MASKED_DIR]) {
    const files = await readdir(join(out, group), { recursive: true }).catch(() => [] as string[]);
    for (const file of files) {
      const rel = join(group, file);
      if (rel.endsWith('.png') && !kept.has(rel)) await rm(join(out, rel), { force: true });
    }
  }
}

export async function prepareDataset(options: PrepareOptions, filters: readonly PhotoFilter[] = []): Promise<PrepareReport> {
  const minUnmasked = options.minUnmasked ?? 10;
  const minMasked = options.minMasked ?? 1;
  const size = options.size ?? 160;
  const testFraction = options.testFraction ?? 0.2;
  const seed = options.seed ?? 42;
  if (!Number.isInteger(size) || size < 8 || size > 4096) {
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `--size: expected a whole number of pixels from 8 to 4096, received ${size}.`);
  }
  if (!(testFraction >= 0 && testFraction < 1)) {
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `--test-fraction: expected a number in [0, 1), received ${testFraction}.`);
  }
  const cosine = options.nearDuplicates?.cosine;
  if (cosine !== undefined && !(cosine > 0 && cosine < 1)) {
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `--near-duplicate: expected a cosine between 0 and 1 (exclusive), received ${cosine}. Give e.g. --near-duplicate 0.85, or --no-group for the plain split.`);
  }
  if (resolve(options.out) === resolve(options.input)) {
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `--out ${options.out}: the output folder is the input folder. Give a new folder for the prepared dataset.`);
  }
  const dataset = await scanDataset(options.input, { ...(options.layout && { layout: options.layout }), ...(options.maskedPattern && { maskedPattern: options.maskedPattern }) });
  const excluded: Exclusion[] = [];
  const peopleExcluded: { person: string; reason: string }[] = [];
  const wanted = options.people ? new Set(options.people) : undefined;
  if (wanted) {
    const known = new Set(dataset.people.map((p) => p.name));
    const missing = [...wanted].filter((n) => !known.has(n));
    if (missing.length > 0) {
      throw new MaskfaceError('MF_INVALID_ARGUMENT', `--people: ${missing.length} name(s) not in ${options.input}: ${missing.slice(0, 5).join(', ')}. Check the spelling against the folder names.`);
    }
  }
  const review = await readReview(join(options.out, REVIEW_FILE));

  // 1. Files that are images, not excluded by hand, of wanted people.
  let candidates: Candidate[] = [];
  for (const person of dataset.people) {
    if (wanted && !wanted.has(person.name)) continue;
    for (const group of ['unmasked', 'masked'] as const) {
      for (const source of person[group]) {
        if (!isImagePath(source)) excluded.push({ source, person: person.name, group, reason: `not an image file (extension ${extname(source) || 'none'})` });
        else if (review.has(source)) excluded.push({ source, person: person.name, group, reason: 'excluded by hand (review.json)' });
        else candidates.push({ person: person.name, group, source, hash: '' });
      }
    }
  }

  // 2. Exact duplicates: the same bytes in two people's folders cannot be labelled, so both go;
  //    the same bytes twice in one person's folder keeps the first copy.
  await mapPool(candidates, options.concurrency ?? 8, async (c) => {
    c.hash = createHash('sha256').update(await readFile(c.source)).digest('hex');
  });
  const byHash = new Map<string, Candidate[]>();
  for (const c of candidates) byHash.set(c.hash, [...(byHash.get(c.hash) ?? []), c]);
  const dropped = new Set<Candidate>();
  for (const copies of byHash.values()) {
    if (copies.length < 2) continue;
    const owners = new Set(copies.map((c) => c.person));
    for (const [i, c] of copies.entries()) {
      const others = copies.filter((o) => o !== c).map((o) => relative(dataset.root, o.source));
      if (owners.size > 1) {
        dropped.add(c);
        excluded.push({ source: c.source, person: c.person, group: c.group, reason: `duplicate: the same bytes are in another person's folder (${others.join(', ')})` });
      } else if (i > 0) {
        dropped.add(c);
        excluded.push({ source: c.source, person: c.person, group: c.group, reason: `duplicate of ${relative(dataset.root, copies[0]!.source)} in the same folder` });
      }
    }
  }
  candidates = candidates.filter((c) => !dropped.has(c));

  // 3. People rule on what is left (decoding failures and filters may still remove photos: the rule is checked again after).
  const applyRule = (items: Candidate[], stage: string): Candidate[] => {
    const counts = countByPerson(items);
    const keep = new Set<string>();
    for (const [person, n] of counts) {
      if (n.unmasked >= minUnmasked && n.masked >= minMasked) keep.add(person);
      else if (!peopleExcluded.some((p) => p.person === person)) {
        peopleExcluded.push({ person, reason: `${n.unmasked} unmasked and ${n.masked} masked usable photos ${stage} (needs >= ${minUnmasked} unmasked and >= ${minMasked} masked)` });
      }
    }
    for (const c of items) {
      if (!keep.has(c.person)) excluded.push({ source: c.source, person: c.person, group: c.group, reason: `person left out: too few usable photos ${stage}` });
    }
    return items.filter((c) => keep.has(c.person));
  };
  const found = countByPerson(candidates);
  candidates = applyRule(candidates, 'after removing duplicates');
  if (candidates.length === 0) {
    // A folder that is no dataset (or the wrong one) must not "succeed" with an empty prepared set.
    const best = [...found.values()].reduce((a, n) => ({ unmasked: Math.max(a.unmasked, n.unmasked), masked: Math.max(a.masked, n.masked) }), { unmasked: 0, masked: 0 });
    const layout = dataset.layout === 'rmfd' ? 'the RMFD layout' : `one folder per person, masked photos named by /${options.maskedPattern ?? 'mask'}/i`;
    throw new MaskfaceError(
      'MF_EMPTY_DATASET',
      `${options.input}: no person has >= ${minUnmasked} unmasked and >= ${minMasked} masked photos (read as ${layout}; ${dataset.people.length} person folders, at most ${best.unmasked} unmasked and ${best.masked} masked photos each). Give a face dataset, or lower --min-unmasked / --min-masked.`,
      { file: options.input },
    );
  }

  // 4. Decode, filter, letterbox, write (and embed, to find near-duplicates).
  const outputs = new Map<Candidate, { output: string; width: number; height: number }>();
  const vectors = new Map<Candidate, Float32Array>();
  const usedNames = new Set<string>();
  let done = 0;
  await mapPool(candidates, options.concurrency ?? 4, async (c) => {
    let image: RgbImage;
    try {
      image = await decodeImage(c.source);
    } catch (err) {
      excluded.push({ source: c.source, person: c.person, group: c.group, reason: `unreadable: ${(err as Error).message}` });
      options.onProgress?.(++done, candidates.length);
      return;
    }
    let toWrite = image;
    for (const filter of filters) {
      const verdict = await filter.check(toWrite, c);
      if (!verdict.keep) {
        excluded.push({ source: c.source, person: c.person, group: c.group, reason: `${filter.name}: ${verdict.reason}` });
        options.onProgress?.(++done, candidates.length);
        return;
      }
      if (verdict.crop) toWrite = cropImage(toWrite, verdict.crop);
    }
    const dir = c.group === 'masked' ? RMFD_MASKED_DIR : RMFD_UNMASKED_DIR;
    const stem = basename(c.source, extname(c.source));
    let output = join(dir, c.person, `${stem}.png`);
    for (let k = 2; usedNames.has(output); k++) output = join(dir, c.person, `${stem}-${k}.png`);
    usedNames.add(output);
    const square = (await letterbox(toWrite, size)).image;
    await writeImage(join(options.out, output), square);
    if (options.nearDuplicates) vectors.set(c, unitLength(await options.nearDuplicates.vectoriser.embed(square)));
    outputs.set(c, { output, width: image.width, height: image.height });
    options.onProgress?.(++done, candidates.length);
  });
  const written = applyRule(candidates.filter((c) => outputs.has(c)), 'after decoding and filtering');
  const writtenSet = new Set(written);
  for (const c of candidates) {
    if (outputs.has(c) && !writtenSet.has(c)) await rm(join(options.out, outputs.get(c)!.output), { force: true });
  }

  await removeStaleOutputs(options.out, new Set(written.map((c) => outputs.get(c)!.output)));

  // 5. Near-duplicate groups (within a person), split and manifest.
  const groups = options.nearDuplicates ? nearDuplicateGroups(written, written.map((c) => vectors.get(c)!), options.nearDuplicates.cosine) : undefined;
  vectors.clear();
  const splits = stratifiedSplit(written, testFraction, seed, groups);
  const groupNumbers = groups ? sharedGroupNumbers(groups) : [];
  const entries: ManifestEntry[] = written.map((c, i) => ({
    person: c.person,
    group: c.group,
    source: c.source,
    output: outputs.get(c)!.output,
    hash: c.hash,
    width: outputs.get(c)!.width,
    height: outputs.get(c)!.height,
    split: splits[i]!,
    ...(groupNumbers[i] !== undefined && { nearDuplicateGroup: groupNumbers[i] }),
  }));
  const manifest: Manifest = { version: 1, size, seed, testFraction, sourceRoot: dataset.root, createdAt: new Date().toISOString(), entries };
  await writeManifest(options.out, manifest);
  let nearDuplicates: NearDuplicateSummary = 'not grouped';
  if (options.nearDuplicates) {
    const { vectoriser, cosine: threshold } = options.nearDuplicates;
    const grouped = groupNumbers.filter((n) => n !== undefined);
    const count = new Set(grouped).size;
    nearDuplicates = {
      embedder: vectoriser.name,
      cosine: threshold,
      groups: count,
      photos: grouped.length,
      heldTogether: `${count} group${count === 1 ? '' : 's'} of ${grouped.length} photos kept on one side of the split (${vectoriser.name} cosine > ${threshold})`,
    };
  }
  excluded.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  const report: PrepareReport = {
    input: dataset.root,
    out: options.out,
    options: { minUnmasked, minMasked, size, testFraction, seed, people: options.people?.length ?? 'all', filters: filters.map((f) => f.name), nearDuplicates: options.nearDuplicates ? { embedder: options.nearDuplicates.vectoriser.name, cosine: options.nearDuplicates.cosine } : 'not grouped' },
    peopleKept: new Set(entries.map((e) => e.person)).size,
    photosKept: { unmasked: entries.filter((e) => e.group === 'unmasked').length, masked: entries.filter((e) => e.group === 'masked').length },
    peopleExcluded: peopleExcluded.sort((a, b) => (a.person < b.person ? -1 : 1)),
    excluded,
    nearDuplicates,
  };
  await writeFileAtomic(join(options.out, REPORT_FILE), `${JSON.stringify(report, null, 1)}\n`);
  return report;
}
