/**
 * Writes a balanced dataset as a prepared dataset of its own (manifest.json readable by
 * `readManifest`, photos in the same layout): real photos are copied, SMOTE photos are written
 * as PNG named after their two parents, random duplicates as copies named after their parent.
 * balance.json records the protocol, the method and every synthetic photo's parents.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { MaskfaceError } from '../errors.js';
import { writeFileAtomic, writeImage } from '../image/io.js';
import { syntheticImage } from './images.js';
import { MANIFEST_FILE, readManifest, writeManifest, type Manifest, type ManifestEntry } from '../data/manifest.js';
import type { BalanceDatasetOptions, PreparedPhotos } from './dataset.js';
import { GROUPS } from './dataset.js';
import type { ProtocolResult } from './protocol.js';

export const BALANCE_REPORT_FILE = 'balance.json';

/** Photos per person of one group, summarised. */
export interface GroupCounts {
  readonly persons: number;
  readonly photos: number;
  readonly min: number;
  readonly max: number;
}
/** Per group, and 'all': photos per person over both groups (the classes when not balancing per group). */
export type CountTable = Partial<Record<(typeof GROUPS)[number] | 'all', GroupCounts>>;

export interface BalanceSummary {
  readonly protocol: ProtocolResult['protocol'];
  readonly method: ProtocolResult['method'];
  readonly perGroup: boolean;
  /** The rows balancing was applied to (leak-free: training photos; paper: all photos). */
  readonly before: CountTable;
  /** The same rows after balancing, before any split. */
  readonly after: CountTable;
  readonly train: CountTable;
  readonly test: CountTable;
  readonly synthetic: number;
}

export interface BalancedEntry extends ManifestEntry {
  /** Present on photos made by balancing: the method and the parents' outputs (a + gap (b - a)). */
  readonly derivedFrom?: { method: string; parents: [string, string]; gap: number };
}

export function summarize(photos: PreparedPhotos, result: ProtocolResult<Uint8Array>, options: BalanceDatasetOptions): BalanceSummary {
  const n = result.inputRows;
  const groupOfId = (id: number): number => (photos.groups[id < n ? id : (result.synthetic.parents[2 * (id - n)] as number)] as number);
  const labelOfId = (id: number): number => (id < n ? (photos.samples.labels[id] as number) : (result.synthetic.labels[id - n] as number));
  const summarizeCounts = (m: Map<number, number>): GroupCounts => {
    const counts = [...m.values()];
    return { persons: m.size, photos: counts.reduce((s, c) => s + c, 0), min: Math.min(...counts), max: Math.max(...counts) };
  };
  const table = (ids: Iterable<number>): CountTable => {
    const perGroup = new Map<number, Map<number, number>>();
    const all = new Map<number, number>();
    for (const id of ids) {
      const g = groupOfId(id);
      const label = labelOfId(id);
      const m = perGroup.get(g) ?? new Map<number, number>();
      perGroup.set(g, m.set(label, (m.get(label) ?? 0) + 1));
      all.set(label, (all.get(label) ?? 0) + 1);
    }
    const out: CountTable = {};
    for (const [g, m] of [...perGroup].sort((a, b) => a[0] - b[0])) out[GROUPS[g] ?? 'unmasked'] = summarizeCounts(m);
    if (all.size > 0) out.all = summarizeCounts(all);
    return out;
  };
  const testSet = new Set(result.test);
  const balancedIds = [...result.kept, ...Array.from({ length: result.synthetic.count }, (_, j) => n + j)];
  const beforeIds = result.protocol === 'paper' ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: n }, (_, i) => i).filter((i) => !testSet.has(i));
  return {
    protocol: result.protocol,
    method: result.method,
    perGroup: options.perGroup === true,
    before: table(beforeIds),
    after: table(balancedIds),
    train: table(result.train),
    test: table(result.test),
    synthetic: result.synthetic.count,
  };
}

async function prepareOutDir(srcDir: string, outDir: string): Promise<Manifest | undefined> {
  if (resolve(srcDir) === resolve(outDir)) {
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `--out ${outDir}: the output folder is the input folder. Give a new folder for the balanced dataset.`);
  }
  const exists = await stat(outDir).then((s) => s.isDirectory(), () => false);
  if (!exists || (await readdir(outDir)).length === 0) return undefined;
  const isOurs = await stat(join(outDir, BALANCE_REPORT_FILE)).then(() => true, () => false);
  if (!isOurs) {
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `--out ${outDir}: the folder is not empty and is not a balanced dataset. Give an empty or new folder.`, { file: outDir });
  }
  return readManifest(outDir).catch(() => undefined);
}

/** Writes photos, manifest.json and balance.json under `outDir`; returns the summary. */
export async function writeBalancedDataset(
  srcDir: string,
  outDir: string,
  manifest: Manifest,
  photos: PreparedPhotos,
  result: ProtocolResult<Uint8Array>,
  options: BalanceDatasetOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<BalanceSummary> {
  const previous = await prepareOutDir(srcDir, outDir);
  const n = result.inputRows;
  const splitOf = new Map<number, 'train' | 'test'>([...[...result.train].map((id) => [id, 'train'] as const), ...[...result.test].map((id) => [id, 'test'] as const)]);
  const ids = [...splitOf.keys()].sort((a, b) => a - b);
  const entries: BalancedEntry[] = [];
  const stem = (e: ManifestEntry): string => basename(e.output, extname(e.output));
  let done = 0;
  for (const id of ids) {
    const split = splitOf.get(id) ?? 'train';
    if (id < n) {
      const entry = manifest.entries[id]!;
      await writeFileAtomic(join(outDir, entry.output), await readFile(join(srcDir, entry.output)));
      entries.push({ ...entry, split });
    } else {
      const j = id - n;
      const a = manifest.entries[result.synthetic.parents[2 * j] as number]!;
      const b = manifest.entries[result.synthetic.parents[2 * j + 1] as number]!;
      const gap = result.synthetic.gaps[j] as number;
      const isCopy = a === b && gap === 0;
      const output = isCopy
        ? join(dirname(a.output), `copy${j}-${stem(a)}${extname(a.output)}`)
        : join(dirname(a.output), `${result.method}${j}-${stem(a)}+${stem(b)}.png`);
      if (isCopy) await writeFileAtomic(join(outDir, output), await readFile(join(srcDir, a.output)));
      else await writeImage(join(outDir, output), syntheticImage(result.synthetic, j, photos.size, photos.size));
      const bytes = await readFile(join(outDir, output));
      entries.push({
        person: a.person,
        group: a.group,
        source: isCopy ? a.source : `${result.method}(${a.source}, ${b.source}, ${gap})`,
        output,
        hash: createHash('sha256').update(bytes).digest('hex'),
        width: photos.size,
        height: photos.size,
        split,
        derivedFrom: { method: result.method, parents: [a.output, b.output], gap },
      });
    }
    onProgress?.(++done, ids.length);
  }
  const written = new Set(entries.map((e) => e.output));
  for (const old of previous?.entries ?? []) if (!written.has(old.output)) await rm(join(outDir, old.output), { force: true });

  const summary = summarize(photos, result, options);
  await writeManifest(outDir, { ...manifest, createdAt: new Date().toISOString(), entries });
  const report = { ...summary, source: resolve(srcDir), seed: options.seed ?? 42, k: options.k ?? 5, smallClass: options.smallClass ?? 'error', manifest: MANIFEST_FILE };
  await writeFileAtomic(join(outDir, BALANCE_REPORT_FILE), `${JSON.stringify(report, null, 1)}\n`);
  return summary;
}
