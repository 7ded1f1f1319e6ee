/**
 * `maskface demo`: the main job on a small default, as the sequence of maskface commands a user
 * would type (each printed before it runs): scan, prepare with the face check, simulated masks,
 * SMOTE, training the paper's head on a face backbone and maskface's default (LDA) model,
 * evaluation, and recognition of every held-out masked photo with the default model: each answer
 * printed, the tally, and the picture of the first one (by name, not by outcome).
 * It uses ../shared/datasets/rmfd-subset when present (the 10 people with the most masked photos),
 * else the sample in test/fixtures/rmfd-mini.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { scanDataset } from '../data/layout.js';
import { readManifest } from '../data/manifest.js';

export const SHARED_RMFD = resolve('../shared/datasets/rmfd-subset');
export const FIXTURE_RMFD = resolve('test/fixtures/rmfd-mini');

/** People in the default demo: enough to be interesting, few enough to run in a few minutes. */
export const DEMO_PEOPLE = 10;

/** Runs one command as a user would type it, printing it first; returns the lines it printed. */
async function run(args: string[]): Promise<string[]> {
  console.log(`\n$ maskface ${args.map((a) => (a.includes(' ') ? `"${a}"` : a)).join(' ')}`);
  // A fresh program per step: commander keeps parsed values on its command objects.
  const { programFor } = await import('./main.js');
  const printed: string[] = [];
  const log = console.log;
  console.log = (...parts: unknown[]) => {
    printed.push(parts.map(String).join(' '));
    log(...parts);
  };
  try {
    await (await programFor(args)).parseAsync(['node', 'maskface', ...args]);
  } finally {
    console.log = log;
  }
  return printed;
}

/** `recognize` prints `<photo>: <name> (score ...)`; the folder above the photo is the true person. */
export function tally(lines: readonly string[]): { right: string[]; answered: number } {
  const right: string[] = [];
  let answered = 0;
  for (const line of lines) {
    const m = /^((?:.+\/)?([^/]+)\/[^/]+): (.+?) \(score /.exec(line);
    if (m === null) continue;
    answered++;
    if (m[3] === m[2]) right.push(m[1] as string);
  }
  return { right, answered };
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('run the pipeline on a small default dataset and write the results under out/demo')
    .option('--out <dir>', 'output folder', 'out/demo')
    .option('--data <dir>', 'an RMFD-layout dataset (default: ../shared/datasets/rmfd-subset, else the bundled sample)')
    .option('--people <n>', 'people with the most masked photos to use', String(DEMO_PEOPLE))
    .action(async (opts: { out: string; data?: string; people: string }) => {
      const data = resolve(opts.data ?? (existsSync(SHARED_RMFD) ? SHARED_RMFD : FIXTURE_RMFD));
      const out = resolve(opts.out);
      const rel = (p: string): string => relative(process.cwd(), p) || '.';
      await mkdir(out, { recursive: true });
      const dataset = await scanDataset(data);
      const chosen = [...dataset.people]
        .filter((p) => p.unmasked.length >= 5 && p.masked.length >= 2)
        .sort((a, b) => b.masked.length - a.masked.length || (a.name < b.name ? -1 : 1))
        .slice(0, Number(opts.people))
        .map((p) => p.name);
      const peopleFile = join(out, 'people.txt');
      await writeFile(peopleFile, `${chosen.join('\n')}\n`);
      const prepared = join(out, 'prepared');
      const model = join(out, 'model');

      await run(['dataset', 'scan', rel(data)]);
      await run(['dataset', 'prepare', rel(data), '--out', rel(prepared), '--people', rel(peopleFile), '--min-unmasked', '5', '--detector', 'retinaface']);
      await run(['mask', rel(prepared), '--out', rel(join(out, 'simulated')), '--type', 'random', '--preview', rel(join(out, 'simulated-masks.png'))]);
      await run(['balance', rel(prepared), '--method', 'smote', '--per-group', '--protocol', 'leak-free', '--small-class', 'shrink', '--out', rel(join(out, 'balanced'))]);
      await run(['train', rel(prepared), '--out', rel(model), '--backbone', 'faceres', '--balance', 'smote', '--epochs', '60', '--lr', '1e-3', '--patience', '20']);
      await run(['evaluate', rel(model), rel(prepared)]);
      // maskface's default method (docs/accuracy.md): fused face features and an LDA projection.
      const ldaModel = join(out, 'model-lda');
      await run(['train', rel(prepared), '--out', rel(ldaModel)]);
      await run(['evaluate', rel(ldaModel), rel(prepared)]);
      // Every held-out masked photo, one folder per true person, recognised by the default model:
      // all answers are printed with the tally, and the picture is the first (by name) that was
      // named correctly, said as such: it shows what a right answer looks like, not how often.
      const manifest = await readManifest(prepared);
      const heldOut = manifest.entries
        .filter((e) => e.split === 'test' && e.group === 'masked')
        .sort((a, b) => (a.person === b.person ? (a.output < b.output ? -1 : 1) : a.person < b.person ? -1 : 1));
      const probes = join(out, 'held-out-masked');
      await rm(probes, { recursive: true, force: true });
      for (const e of heldOut) {
        await mkdir(join(probes, e.person), { recursive: true });
        await copyFile(join(prepared, e.output), join(probes, e.person, basename(e.output)));
      }
      const picture = join(out, 'recognized.png');
      if (heldOut.length > 0) {
        const { right, answered } = tally(await run(['recognize', rel(ldaModel), rel(probes), '--face-crops']));
        console.log(`\n(each photo's folder is the true person: ${right.length} of ${answered} held-out masked photos named correctly, the others "unknown" or another name)`);
        const shown = right[0] ?? rel(join(probes, heldOut[0]!.person, basename(heldOut[0]!.output)));
        await run(['recognize', rel(ldaModel), shown, '--face-crops', '--out', rel(picture)]);
        console.log(right.length > 0
          ? `\n(${rel(picture)} shows the first of the ${right.length} correctly named held-out masked photos, by name; ${answered - right.length} of ${answered} were not named correctly)`
          : `\n(${rel(picture)} shows the first held-out masked photo by name; none of the ${answered} was named correctly)`);
      }
      console.log(`\nDone. Look at ${rel(join(out, 'simulated-masks.png'))}${heldOut.length === 0 ? '' : ` and ${rel(picture)}`}; the models are in ${rel(model)} and ${rel(ldaModel)}.`);
    });
}
