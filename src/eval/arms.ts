/**
 * The two datasets of the paper's experiments (3.1.2): the real arm, RMFD photos of the people with
 * the most masked photos, and the simulated arm, unmasked photos of the people with the most photos
 * plus a MaskTheFace-style masked copy of each. Both are prepared (letterboxed, split 80/20 with the
 * seed) into `<report>/data/<arm>/` and reused on a rerun.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, symlink } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { PhotoFilter } from '../data/filters.js';
import { scanDataset, type PersonPhotos } from '../data/layout.js';
import { readManifest, writeManifest, type Manifest } from '../data/manifest.js';
import { type NearDuplicateOptions, type PrepareReport, prepareDataset } from '../data/prepare.js';
import { stratifiedSplit } from '../data/split.js';
import { MaskfaceError } from '../errors.js';
import { isImagePath, writeFileAtomic } from '../image/io.js';
import type { Arm } from './configurations.js';

/** Writes, for every photo of a folder-per-person dataset, a masked copy into an RMFD-layout dataset (originals kept unmasked). */
export type MaskDataset = (request: MaskDatasetRequest) => Promise<MaskDatasetOutcome>;

export interface MaskDatasetRequest {
  /** One folder per person, unmasked photos. */
  readonly input: string;
  /** RMFD layout output: AFDB_face_dataset/ (originals) and AFDB_masked_face_dataset/ (masked copies, same file stem). */
  readonly out: string;
  readonly type: string;
  readonly color: string;
  readonly seed: number;
}

export interface MaskDatasetOutcome {
  readonly masked: number;
  /** Photos where no face was found: no masked copy. */
  readonly noFace: readonly string[];
}

export interface ArmRequest {
  readonly arm: Arm;
  /** Source dataset folder. */
  readonly source: string;
  /** `<report>/data`. */
  readonly dataRoot: string;
  readonly people: number;
  readonly maxPhotos?: number;
  readonly seed: number;
  readonly maskType: string;
  readonly maskColor: string;
  /**
   * Keep near-duplicate photos of one person (cosine above this, on the vectoriser's vectors) on one
   * side of the split, as `maskface dataset prepare` does; null: the paper's plain split.
   */
  readonly nearDuplicate: number | null;
}

/** prepare's near-duplicate vectoriser (faceres in the real dependencies), disposed once the arm is prepared. */
export type NearDuplicateVectoriser = NearDuplicateOptions['vectoriser'] & { dispose(): void };

export interface ArmDependencies {
  readonly maskDataset: MaskDataset;
  /** Filters of prepare for the arm (e.g. a face crop); none by default. */
  readonly filters?: (arm: Arm) => readonly PhotoFilter[];
  /** Loads the vectoriser of near-duplicate grouping; called only when an arm is prepared with grouping. */
  readonly nearDuplicateVectoriser: () => Promise<NearDuplicateVectoriser>;
  readonly log?: (line: string) => void;
}

export interface PreparedArm {
  readonly arm: Arm;
  readonly dir: string;
  readonly manifest: Manifest;
  /** SHA-256 over every kept photo's person, group, split and source hash, sorted: names the data of a run. */
  readonly dataHash: string;
  readonly source: string;
  readonly people: readonly string[];
  /** Simulated arm: photos where no face was found for a mask. */
  readonly noFace: readonly string[];
  /** What near-duplicate grouping did (prepare's sentence), or 'not grouped'. */
  readonly nearDuplicates: string;
}

/** Each arm keeps people with at least this many usable photos per group, so both groups reach the test split. */
const MIN_PHOTOS_PER_GROUP = 2;
const ARM_RECORD = 'arm.json';

const byCountThenName = (count: (p: PersonPhotos) => number) => (a: PersonPhotos, b: PersonPhotos): number =>
  count(b) - count(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function selectPeople(people: readonly PersonPhotos[], arm: Arm, n: number): PersonPhotos[] {
  const images = (files: readonly string[]): number => files.filter(isImagePath).length;
  const count = arm === 'real' ? (p: PersonPhotos) => images(p.masked) : (p: PersonPhotos) => images(p.unmasked);
  const eligible = people.filter((p) => images(p.unmasked) >= MIN_PHOTOS_PER_GROUP && (arm === 'simulated' || images(p.masked) >= MIN_PHOTOS_PER_GROUP));
  return [...eligible].sort(byCountThenName(count)).slice(0, n);
}

export function manifestHash(manifest: Manifest): string {
  const lines = manifest.entries.map((e) => `${e.person}\t${e.group}\t${e.split}\t${e.hash}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/**
 * A masked copy and its unmasked original are the same photo: under the leak-free protocol they must
 * sit on the same side of the split, or the test set holds photos the model trained on. The split is
 * drawn per person over originals (80/20 with the seed) and each copy follows its original. Near-
 * duplicate groups that prepare found (`nearDuplicateGroup`) stay whole: originals that share a group,
 * directly or through their copies, are one unit of the split.
 */
export function alignSplitsBySource(manifest: Manifest): Manifest {
  const stem = (path: string): string => basename(path, extname(path));
  const originals = manifest.entries.filter((e) => e.group === 'unmasked');
  const keyOf = (e: Manifest['entries'][number]): string => `${e.person}/${stem(e.output)}`;
  const index = new Map(originals.map((e, i) => [keyOf(e), i]));
  // Masked copies keep the original's stem, possibly with a suffix: the longest matching original wins.
  const sourceOf = (e: Manifest['entries'][number]): number | undefined => {
    if (e.group === 'unmasked') return index.get(keyOf(e));
    const s = stem(e.output);
    let best: { length: number; at: number } | undefined;
    for (const [key, at] of index) {
      const slash = key.indexOf('/');
      const person = key.slice(0, slash), original = key.slice(slash + 1);
      if (person === e.person && s.startsWith(original) && (best === undefined || original.length > best.length)) best = { length: original.length, at };
    }
    return best?.at;
  };
  const sources = manifest.entries.map(sourceOf);
  // Union-find over originals: one near-duplicate group joins the originals of all its photos.
  const parent = originals.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const firstOfGroup = new Map<number, number>();
  manifest.entries.forEach((e, i) => {
    const source = sources[i];
    if (e.nearDuplicateGroup === undefined || source === undefined) return;
    const first = firstOfGroup.get(e.nearDuplicateGroup);
    if (first === undefined) firstOfGroup.set(e.nearDuplicateGroup, source);
    else parent[find(source)] = find(first);
  });
  const splits = stratifiedSplit(originals, manifest.testFraction, manifest.seed, originals.map((_, i) => find(i)));
  return {
    ...manifest,
    entries: manifest.entries.map((e, i) => {
      const source = sources[i];
      return source === undefined ? e : { ...e, split: splits[source]! };
    }),
  };
}

function armFingerprint(request: ArmRequest): string {
  const { arm, source, people, maxPhotos, seed, maskType, maskColor, nearDuplicate } = request;
  const simulated = arm === 'simulated';
  // The plain split (null) keeps the fingerprint arms had before grouping, so their data is reused.
  return JSON.stringify({ arm, source, people, maxPhotos: simulated ? (maxPhotos ?? null) : null, seed, maskType: simulated ? maskType : null, maskColor: simulated ? maskColor : null, ...(nearDuplicate !== null && { nearDuplicate }) });
}

interface ArmRecord {
  readonly fingerprint: string;
  readonly noFace: string[];
  /** Absent in records written before near-duplicate grouping (the plain split). */
  readonly nearDuplicates?: string;
}

/** Prepares an arm, or reuses the one prepared before with the same request. */
export async function prepareArm(request: ArmRequest, deps: ArmDependencies): Promise<PreparedArm> {
  const dir = join(request.dataRoot, request.arm);
  const recordPath = join(dir, ARM_RECORD);
  const fingerprint = armFingerprint(request);
  const previous = await readFile(recordPath, 'utf8').then((t) => JSON.parse(t) as ArmRecord, () => undefined);
  if (previous?.fingerprint === fingerprint) {
    const manifest = await readManifest(dir);
    const people = [...new Set(manifest.entries.map((e) => e.person))].sort();
    return { arm: request.arm, dir, manifest, dataHash: manifestHash(manifest), source: request.source, people, noFace: previous.noFace, nearDuplicates: previous.nearDuplicates ?? 'not grouped' };
  }
  await rm(dir, { recursive: true, force: true });
  const dataset = await scanDataset(request.source);
  const chosen = selectPeople(dataset.people, request.arm, request.people);
  if (chosen.length < 2) {
    throw new MaskfaceError(
      'MF_EMPTY_DATASET',
      `${request.source}: ${chosen.length} person(s) with >= ${MIN_PHOTOS_PER_GROUP} photos${request.arm === 'real' ? ' in each group' : ''}; the ${request.arm} arm needs 2 or more. Give a larger dataset.`,
      { file: request.source },
    );
  }
  let input = dataset.root;
  let noFace: readonly string[] = [];
  if (request.arm === 'simulated') {
    // The chosen people's unmasked photos (at most maxPhotos each, first by name), linked into one folder per person.
    const selection = join(request.dataRoot, 'simulated-selection');
    await rm(selection, { recursive: true, force: true });
    for (const person of chosen) {
      await mkdir(join(selection, person.name), { recursive: true });
      const photos = person.unmasked.filter(isImagePath).sort().slice(0, request.maxPhotos ?? Infinity);
      for (const photo of photos) await symlink(photo, join(selection, person.name, basename(photo)));
    }
    input = join(request.dataRoot, 'simulated-masked');
    await rm(input, { recursive: true, force: true });
    deps.log?.(`masking the unmasked photos of ${chosen.length} people (${request.maskColor} ${request.maskType} masks) ...`);
    const outcome = await deps.maskDataset({ input: selection, out: input, type: request.maskType, color: request.maskColor, seed: request.seed });
    noFace = outcome.noFace;
    deps.log?.(`masked ${outcome.masked} photos; no face found in ${outcome.noFace.length}`);
  }
  deps.log?.(`preparing the ${request.arm} arm (${chosen.length} people) ...`);
  const grouping = request.nearDuplicate === null ? undefined : { vectoriser: await deps.nearDuplicateVectoriser(), cosine: request.nearDuplicate };
  let report: PrepareReport;
  try {
    report = await prepareDataset(
      {
        input,
        out: dir,
        people: chosen.map((p) => p.name),
        minUnmasked: MIN_PHOTOS_PER_GROUP,
        minMasked: MIN_PHOTOS_PER_GROUP,
        size: 160,
        testFraction: 0.2,
        seed: request.seed,
        ...(grouping && { nearDuplicates: grouping }),
      },
      deps.filters?.(request.arm) ?? [],
    );
  } finally {
    grouping?.vectoriser.dispose();
  }
  const nearDuplicates = report.nearDuplicates === 'not grouped' ? 'not grouped' : report.nearDuplicates.heldTogether;
  deps.log?.(`  near-duplicates: ${nearDuplicates}`);
  let manifest = await readManifest(dir);
  if (request.arm === 'simulated') {
    manifest = alignSplitsBySource(manifest);
    await writeManifest(dir, manifest);
  }
  const record: ArmRecord = { fingerprint, noFace: [...noFace], nearDuplicates };
  await writeFileAtomic(recordPath, `${JSON.stringify(record, null, 1)}\n`);
  const people = [...new Set(manifest.entries.map((e) => e.person))].sort();
  return { arm: request.arm, dir, manifest, dataHash: manifestHash(manifest), source: request.source, people, noFace, nearDuplicates };
}
