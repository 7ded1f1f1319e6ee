/**
 * What training writes into a model folder besides the weights: `model.json` and `history.json`
 * (the folder's format, and how it is read, is src/model-folder/model-dir.ts).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { writeFileAtomic } from '../image/io.js';
import { HISTORY_FILE, MODEL_FILE, type ModelMeta } from '../model-folder/model-dir.js';
import type { EpochRecord } from './loop.js';

export function softwareVersions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const version = (packageJson: string): string => (require(packageJson) as { version: string }).version;
  return { maskface: version('../../package.json'), tfjs: version('@tensorflow/tfjs-core/package.json'), node: process.version };
}

export async function writeModelMeta(dir: string, meta: ModelMeta): Promise<void> {
  await writeFileAtomic(join(dir, MODEL_FILE), `${JSON.stringify(meta, null, 1)}\n`);
}

export async function writeHistory(dir: string, history: readonly EpochRecord[]): Promise<void> {
  await writeFileAtomic(join(dir, HISTORY_FILE), `${JSON.stringify(history, null, 1)}\n`);
}
