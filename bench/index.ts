/**
 * `npm run bench`: the speed benchmarks the issues ask for, one after another, quick by default
 * (`--full` for the full sizes). Extra arguments are substrings that select benchmarks
 * (`npm run bench -- train`). Accuracy has its own command: `npm run bench:accuracy`.
 * Other files in bench/ are helpers, one-off measurements or generators (contact sheets), run by hand.
 * `recognize.ts` scores its run of the Hamilton clip against the clip's hand-made ground truth
 * (recognize-hamilton-faces.json); `recognize-score.ts <run.jsonl>` scores any `maskface recognize
 * --json` run of the clip the same way.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Each benchmark with the arguments of its quick and full runs. */
const BENCHMARKS: ReadonlyArray<{ file: string; quick: string[]; full: string[] }> = [
  { file: 'train.ts', quick: ['--quick'], full: [] },
  { file: 'detect.ts', quick: ['--quick'], full: [] },
  { file: 'mask.ts', quick: ['--quick'], full: [] },
  { file: 'balance.ts', quick: ['--small'], full: [] },
  { file: 'recognize.ts', quick: [], full: [] },
  { file: 'encoders.ts', quick: ['--photos', '10'], full: [] },
  { file: 'start-up.ts', quick: [], full: [] },
  { file: 'distill-speed.ts', quick: ['--steps', '3'], full: ['--steps', '10'] },
];

const dir = import.meta.dirname;
const args = process.argv.slice(2);
const full = args.includes('--full');
const filters = args.filter((a) => !a.startsWith('--'));
const selected = BENCHMARKS.filter((b) => filters.length === 0 || filters.some((s) => b.file.includes(s)));

const failed: string[] = [];
for (const { file, quick, full: fullArgs } of selected) {
  const extra = full ? fullArgs : quick;
  console.log(`\n== bench/${file} ${extra.join(' ')}`);
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(dir, file), ...extra], { stdio: 'inherit' });
  console.log(`== bench/${file}: exit ${run.status ?? run.signal}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (run.status !== 0) failed.push(file);
}
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
