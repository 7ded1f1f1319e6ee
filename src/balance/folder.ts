/** `maskface balance`'s work: read a prepared dataset, balance it by a protocol, write the result. */
import { resolve } from 'node:path';
import { readManifest } from '../data/manifest.js';
import { balancePrepared, loadPreparedPhotos, type BalanceDatasetOptions } from './dataset.js';
import { writeBalancedDataset, type BalanceSummary } from './write.js';

export interface BalanceFolderProgress {
  (stage: 'read' | 'write', done: number, total: number): void;
}

export async function balanceDatasetFolder(srcDir: string, outDir: string, options: BalanceDatasetOptions, onProgress?: BalanceFolderProgress): Promise<BalanceSummary> {
  const src = resolve(srcDir);
  const manifest = await readManifest(src);
  const photos = await loadPreparedPhotos(src, manifest, (d, t) => onProgress?.('read', d, t));
  const result = balancePrepared(photos, manifest, options);
  return writeBalancedDataset(src, resolve(outDir), manifest, photos, result, options, (d, t) => onProgress?.('write', d, t));
}
