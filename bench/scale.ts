/**
 * `npm run bench:scale`: how maskface scales (issue 16), both halves one after the other: the
 * recognition queue with 1, 2 and 4 worker processes (bench/queue-scale.ts; its flags pass through,
 * e.g. `npm run bench:scale -- --photos 400`), then the gallery at 1k / 10k / 100k people on SQLite and
 * PostgreSQL (bench/scale-gallery.ts, default sizes). docs/scale.md quotes both tables.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;
const runs: Array<{ file: string; args: string[] }> = [
  { file: 'queue-scale.ts', args: process.argv.slice(2) },
  { file: 'scale-gallery.ts', args: [] },
];
let failed = false;
for (const { file, args } of runs) {
  const path = join(dir, file);
  if (!existsSync(path)) {
    console.log(`\n== bench/${file}: not in this checkout, skipped`);
    continue;
  }
  console.log(`\n== bench/${file} ${args.join(' ')}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path, ...args], { stdio: 'inherit' });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
