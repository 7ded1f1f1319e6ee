/**
 * Balancing a prepared dataset (manifest.json from `maskface dataset prepare`): the letterboxed
 * photos' pixels become one Uint8Array of rows (paper 3.1.3 flattens pixels), a person is a class,
 * and the chosen protocol decides the train/test split. `writeBalancedDataset` (write.ts) then
 * writes the result as a prepared dataset of its own.
 */
import { MaskfaceError } from '../errors.js';
import { decodeImage } from '../image/io.js';
import { entryPath, type Manifest } from '../data/manifest.js';
import type { BalanceMethod } from './balance.js';
import { applyProtocol, stratifiedSplit, type Protocol, type ProtocolResult } from './protocol.js';
import type { SmallClassPolicy } from './smote.js';
import type { Samples } from './types.js';

export const GROUPS = ['masked', 'unmasked'] as const;
export type Group = (typeof GROUPS)[number];

export interface PreparedPhotos {
  readonly samples: Samples<Uint8Array>;
  /** Group index per row (0 masked, 1 unmasked). */
  readonly groups: Int32Array;
  /** Person name per class label. */
  readonly persons: readonly string[];
  /** Side of the square photos, pixels. */
  readonly size: number;
}

/** Decodes every photo of the manifest into one row array (size x size x 3 values a row). */
export async function loadPreparedPhotos(dir: string, manifest: Manifest, onProgress?: (done: number, total: number) => void): Promise<PreparedPhotos> {
  const { size, entries } = manifest;
  if (entries.length === 0) throw new MaskfaceError('MF_EMPTY_DATASET', `${dir}: the manifest lists no photos. Prepare a dataset with photos first.`, { file: dir });
  const rowLength = size * size * 3;
  const data = new Uint8Array(entries.length * rowLength);
  const persons = [...new Set(entries.map((e) => e.person))].sort();
  const labelOf = new Map(persons.map((p, i) => [p, i]));
  const labels = Int32Array.from(entries, (e) => labelOf.get(e.person) ?? -1);
  const groups = Int32Array.from(entries, (e) => GROUPS.indexOf(e.group));
  for (let i = 0; i < entries.length; i++) {
    const path = entryPath(dir, entries[i]!);
    const image = await decodeImage(path);
    if (image.width !== size || image.height !== size) {
      throw new MaskfaceError('MF_SHAPE_MISMATCH', `${path}: ${image.width}x${image.height} pixels, but the manifest says ${size}x${size}. Prepare the dataset again.`, { file: path });
    }
    data.set(image.data, i * rowLength);
    onProgress?.(i + 1, entries.length);
  }
  return { samples: { data, rowLength, labels }, groups, persons, size };
}

export interface BalanceDatasetOptions {
  readonly method: BalanceMethod;
  readonly protocol: Protocol;
  /** Balance masked and unmasked photos apart (paper 3.1.3, simulated masks). Default false. */
  readonly perGroup?: boolean;
  /** Seed of the balancing draws and of the paper protocol's 80/20 split. Default 42. */
  readonly seed?: number;
  /** SMOTE neighbours. Default 5. */
  readonly k?: number;
  readonly smallClass?: SmallClassPolicy;
}

/**
 * 'leak-free' keeps the manifest's own split (the one every other command uses) and balances its
 * training photos; 'paper' balances everything and re-splits with the manifest's test fraction.
 */
export function balancePrepared(photos: PreparedPhotos, manifest: Manifest, options: BalanceDatasetOptions): ProtocolResult<Uint8Array> {
  const manifestSplit = (): Uint8Array => Uint8Array.from(manifest.entries, (e) => (e.split === 'test' ? 1 : 0));
  return applyProtocol(photos.samples, {
    protocol: options.protocol,
    method: options.method,
    ...(options.perGroup === true ? { groups: photos.groups } : {}),
    seed: options.seed ?? 42,
    k: options.k ?? 5,
    smallClass: options.smallClass ?? 'error',
    classNames: photos.persons.map((p) => `person ${p}`),
    split: options.protocol === 'leak-free' ? manifestSplit : stratifiedSplit(manifest.testFraction, options.seed ?? 42),
  });
}
