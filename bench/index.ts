/**
 * `npm run bench`: runs every bench/*.ts (this file aside) one after another, each with --quick
 * unless --full is given. Extra arguments: substrings that select files (`npm run bench -- train`).
 * A bench file that is a helper module (no top-level work) just exits.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const dir = import.meta.dirname;
const args = process.argv.slice(2);
const full = args.includes('--full');
const filters = args.filter((a) => !a.startsWith('--'));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== basename(import.meta.filename))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();

const failed: string[] = [];
for (const file of files) {
  console.log(`\n== bench/${file}${full ? '' : ' --quick'}`);
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(dir, file), ...(full ? [] : ['--quick'])], { stdio: 'inherit' });
  console.log(`== bench/${file}: exit ${run.status ?? run.signal}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (run.status !== 0) failed.push(file);
}
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
