/** `maskface dataset scan|prepare`: the dataset stage (paper 3.1). */
import { resolve } from 'node:path';
import type { Command} from 'commander';
import { Option } from 'commander';
import { MaskfaceError } from '../errors.js';
import type { PhotoFilter } from '../data/filters.js';
import { readPeopleList } from '../data/people-list.js';
import { scanDataset, type LayoutKind } from '../data/layout.js';
import { NEAR_DUPLICATE_COSINE } from '../data/near-duplicates.js';
import { parseNearDuplicateCosine } from './near-duplicate-options.js';
import { prepareDataset } from '../data/prepare.js';
import { datasetStats, formatStatsTable } from '../data/stats.js';
import { load as loadFaceres } from '../models/faceres/index.js';
import type { Embedder } from '../models/types.js';
import { progressBar } from './progress.js';
import { faceFilterFromFlags, addFaceFilterOptions, type FaceFilterFlags } from './face-filter-options.js';
import { assertWritableOutput } from './writable-output.js';

export function parseIntOption(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new MaskfaceError('MF_INVALID_ARGUMENT', `${name}: expected a whole number >= 0, received "${value}".`);
    return n;
  };
}

export function parsePositive(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!(Number.isFinite(n) && n > 0)) throw new MaskfaceError('MF_INVALID_ARGUMENT', `${name}: expected a number > 0, received "${value}".`);
    return n;
  };
}

export function parseFraction(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!(n >= 0 && n < 1)) throw new MaskfaceError('MF_INVALID_ARGUMENT', `${name}: expected a number in [0, 1), received "${value}".`);
    return n;
  };
}



const layoutOption = (): Option => new Option('--layout <kind>', 'dataset layout (default: detected)').choices(['rmfd', 'folders']);
const maskedPatternOption = (): Option => new Option('--masked-pattern <regex>', 'folder-per-person layout: file names matching this are masked').default('mask');

export function register(program: Command): void {
  const dataset = program.command('dataset').description('scan and prepare a face dataset (RMFD or one folder per person)');

  dataset
    .command('scan <dir>')
    .description("print the paper's Table I for a dataset: people and photos with and without mask")
    .addOption(layoutOption())
    .addOption(maskedPatternOption())
    .option('--json', 'print JSON')
    .action(async (dir: string, opts: { layout?: LayoutKind; maskedPattern: string; json?: boolean }) => {
      const stats = datasetStats(await scanDataset(resolve(dir), { ...(opts.layout && { layout: opts.layout }), maskedPattern: opts.maskedPattern }));
      console.log(opts.json ? JSON.stringify(stats, null, 2) : formatStatsTable(stats));
    });

  const prepare = dataset
    .command('prepare <dir>')
    .description('select people, remove duplicates and noise, letterbox to a square, split train/test')
    .requiredOption('--out <dir>', 'output folder (RMFD layout, manifest.json, report.json)')
    .option('--min-unmasked <n>', 'keep people with at least n unmasked photos', parseIntOption('--min-unmasked'), 10)
    .option('--min-masked <n>', '... who also have at least n masked photos', parseIntOption('--min-masked'), 1)
    .option('--people <file>', 'only the people listed in this file (one folder name per line)')
    .option('--size <px>', 'side of the letterboxed square', parseIntOption('--size'), 160)
    .option('--test-fraction <f>', 'share of photos held out for testing', parseFraction('--test-fraction'), 0.2)
    .option('--seed <n>', 'seed of the split', parseIntOption('--seed'), 42)
    .option('--near-duplicate <cosine>', 'faceres cosine above which two photos of one person are near-duplicates, kept on one side of the split', parseNearDuplicateCosine, NEAR_DUPLICATE_COSINE)
    .option('--no-group', "plain stratified split, near-duplicates not grouped (the paper's; optimistic)")
    .addOption(layoutOption())
    .addOption(maskedPatternOption())
    .option('--json', 'print the report as JSON');
  addFaceFilterOptions(prepare);
  prepare.action(async (dir: string, opts: Record<string, unknown>) => {
    const o = opts as { out: string; minUnmasked: number; minMasked: number; people?: string; size: number; testFraction: number; seed: number; nearDuplicate: number; group: boolean; layout?: LayoutKind; maskedPattern: string; json?: boolean };
    await assertWritableOutput(o.out, 'folder', 'dataset prepare --out');
    // Photo filters (the face-detector check) are added here from their options.
    const faceCheck = await faceFilterFromFlags(opts as FaceFilterFlags);
    const filters: PhotoFilter[] = faceCheck ? [faceCheck] : [];
    const bar = progressBar('prepare', !o.json && process.stderr.isTTY === true);
    let faceres: Embedder | undefined;
    try {
      // Near-duplicates (frames of one event, re-encodings) are found on faceres vectors, as bench:accuracy's folds do.
      if (o.group) faceres = await loadFaceres();
      const report = await prepareDataset(
        {
          input: resolve(dir),
          out: resolve(o.out),
          minUnmasked: o.minUnmasked,
          minMasked: o.minMasked,
          ...(o.people && { people: await readPeopleList(o.people) }),
          size: o.size,
          testFraction: o.testFraction,
          seed: o.seed,
          ...(o.layout && { layout: o.layout }),
          maskedPattern: o.maskedPattern,
          ...(faceres && { nearDuplicates: { vectoriser: faceres, cosine: o.nearDuplicate } }),
          onProgress: (d, t) => bar.update(d, t),
        },
        filters,
      );
      bar.stop();
      if (o.json) {
        console.log(JSON.stringify(report, null, 2));
        return;
      }
      const reasons = new Map<string, number>();
      for (const e of report.excluded) {
        const key = e.reason.replace(/\(.*\)$/, '').replace(/: .*$/, '').trim();
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
      }
      console.log(`prepared ${report.out}: ${report.peopleKept} people, ${report.photosKept.unmasked} unmasked + ${report.photosKept.masked} masked photos`);
      console.log(report.nearDuplicates === 'not grouped' ? 'near-duplicates not grouped (--no-group)' : `near-duplicates: ${report.nearDuplicates.heldTogether}`);
      console.log(`people left out: ${report.peopleExcluded.length}; photos left out: ${report.excluded.length}`);
      for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${reason}`);
      console.log(`details: ${resolve(o.out, 'report.json')}; manifest: ${resolve(o.out, 'manifest.json')}`);
    } finally {
      bar.stop();
      for (const f of filters) f.dispose?.();
      faceres?.dispose();
    }
  });
}
