/**
 * The recipe of the shipped distilled network (issue 24): `npm run distill:recipe [-- <out>]`.
 * Training data: RMFD people in no benchmark role (not bench:accuracy's 30 test people, its 30
 * development people or its stranger people) and every photo of `lfw-train-pool/` (LFW people no
 * test uses). The development people score each epoch. Runs `maskface distill` with its defaults;
 * run it again to go on from the last checkpoint (it adds --resume when one exists).
 *
 *   npm run distill:recipe                 # out/distill
 *   npm run distill:recipe -- <out> [--epochs n]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadBenchData } from './accuracy-data.js';

const DATASETS = resolve(process.env.MASKFACE_DATASETS ?? '../shared/datasets');
const [outArg, ...rest] = process.argv.slice(2);
const out = resolve(outArg ?? 'out/distill');
mkdirSync(out, { recursive: true });

const test = await loadBenchData(DATASETS, 'test');
const dev = await loadBenchData(DATASETS, 'dev');
const testPeople = new Set(test.enrolled.map((p) => p.person));
const strangers = new Set(test.strangers.filter((p) => p.person.startsWith('rmfd:')).map((p) => p.person.slice('rmfd:'.length)));
const devPeople = [...new Set(dev.enrolled.map((p) => p.person))].sort();
// bench:accuracy draws its strangers among the development people too; those stay development people.
const excluded = [...new Set([...testPeople, ...strangers])].filter((p) => !devPeople.includes(p)).sort();
const header = (what: string): string => `# Written by bench/distill-recipe.ts: ${what}\n`;
writeFileSync(join(out, 'dev-people.txt'), header("bench:accuracy's development people") + `${devPeople.join('\n')}\n`);
writeFileSync(join(out, 'excluded-people.txt'), header("bench:accuracy's test and stranger people (never learned from)") + `${excluded.join('\n')}\n`);
console.error(`distill recipe: ${devPeople.length} development people, ${excluded.length} excluded (${testPeople.size} test people and the other people bench:accuracy uses as strangers); out ${out}`);

const args = [
  'bin/maskface.js',
  'distill',
  join(DATASETS, 'rmfd-subset'),
  join(DATASETS, 'lfw-train-pool'),
  '--dev-people',
  join(out, 'dev-people.txt'),
  '--exclude',
  join(out, 'excluded-people.txt'),
  '--out',
  out,
  ...(existsSync(join(out, 'checkpoint-last.bin')) ? ['--resume'] : []),
  ...rest,
];
const run = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(run.status ?? 1);
