/**
 * `maskface demo`: the main job on a small default. It uses ../shared/datasets when present,
 * else the sample photos shipped in test/fixtures, and runs each stage that has landed.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { scanDataset } from '../data/layout.js';
import { prepareDataset } from '../data/prepare.js';
import { datasetStats, formatStatsTable } from '../data/stats.js';
import { progressBar } from './progress.js';

export const SHARED_RMFD = resolve('../shared/datasets/rmfd-subset');
export const FIXTURE_RMFD = resolve('test/fixtures/rmfd-mini');

export function register(program: Command): void {
  program
    .command('demo')
    .description('run the pipeline on a small default dataset and write the results under out/demo')
    .option('--out <dir>', 'output folder', 'out/demo')
    .option('--data <dir>', 'an RMFD-layout dataset (default: ../shared/datasets/rmfd-subset, else the bundled sample)')
    .action(async (opts: { out: string; data?: string }) => {
      const data = opts.data ?? (existsSync(SHARED_RMFD) ? SHARED_RMFD : FIXTURE_RMFD);
      const out = resolve(opts.out);
      await mkdir(out, { recursive: true });
      console.log(`# 1. Dataset (paper 3.1.1): ${data}\n`);
      console.log(formatStatsTable(datasetStats(await scanDataset(data))));
      console.log('\n# 2. Prepare: people with >= 5 unmasked and >= 1 masked photo, duplicates removed, letterboxed to 160x160\n');
      const bar = progressBar('prepare');
      const report = await prepareDataset({ input: data, out: join(out, 'prepared'), minUnmasked: 5, minMasked: 1, onProgress: (d, t) => bar.update(d, t) });
      bar.stop();
      console.log(`${report.peopleKept} people, ${report.photosKept.unmasked} unmasked + ${report.photosKept.masked} masked photos kept; ${report.excluded.length} photos left out (see ${join(out, 'prepared', 'report.json')})`);
    });
}
