/**
 * `node --import tsx bench/accuracy-dev.ts`: the DEVELOPMENT protocol of issue 10. Enrolled: the next 30 RMFD
 * people by masked photos (never the 30 test people of `bench:accuracy`); background: RMFD people
 * in neither set; strangers: the test protocol's, less the dev people. Same stratified 5-fold
 * cross-validation, 2 seeds by default. Methods and settings are chosen here, then run once on the
 * test people.
 *
 * Sections (`--sections`, comma-separated): `grid` (PCA size x shrinkage, with and without
 * background people), `directions` (flips, synthetic masks, classifiers on the LDA space, outlier
 * removal; closed-set), `open-set` (full methods with thresholds: top-1, stranger rejection),
 * `mobileface` (only when asked: MobileFace alone and fused, bench/accuracy-dev-mobileface.ts).
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { resolveLdaRecognizerOptions } from '../src/methods/lda-recognizer.js';
import { crossValidate } from './accuracy-cv.js';
import { type BenchPhoto, loadBenchData } from './accuracy-data.js';
import { devFeature, extractDevFeatures, syntheticCopies } from './accuracy-dev-data.js';
import { type DevConfig, type DevSample, runDevConfig } from './accuracy-dev-experiments.js';
import { DEFAULT_DEV_CONFIG, MOBILEFACE_FEATURES, extractMobilefaceFeatures, mobilefaceInput } from './accuracy-dev-mobileface.js';
import { FeatureCache } from './accuracy-features.js';
import { type BenchMethod, PREVIOUS_LDA_CHOICES, TARGET_FALSE_ACCEPT, ldaMethod } from './accuracy-methods.js';
import { type FoldResult, formatTable, meanStd } from './accuracy-table.js';

const program = new Command()
  .option('--seeds <n>', 'seeds (repetitions of the 5-fold split)', '2')
  .option('--folds <k>', 'cross-validation folds', '5')
  .option('--datasets <dir>', 'the shared datasets folder', '../shared/datasets')
  .option('--cache <dir>', 'feature cache folder', '.cache/accuracy')
  .option('--sections <list>', 'comma-separated: grid, directions, combined, open-set, mobileface', 'grid,directions,open-set')
  .option('--only <text>', 'run only the rows whose name contains this text (several: separated by |)')
  .option('--extract-only', 'extract the missing embeddings and stop')
  .option('--tuned-head <file>', 'mobileface section: the fit-backbone head.bin measured as mobileface-tuned (default: the shipped layer; the cache keeps the first one measured: use another --cache for another)')
  .option('--no-extract', 'use only the cached embeddings (rows needing missing ones fail)')
  .parse();
const opts = program.opts<{ seeds: string; folds: string; datasets: string; cache: string; sections: string; only?: string; extractOnly?: boolean; extract: boolean; tunedHead?: string }>();
const seeds = Number(opts.seeds);
const folds = Number(opts.folds);
const sections = new Set(opts.sections.split(','));

const log = (line: string): void => console.error(line);
const data = await loadBenchData(resolve(opts.datasets), 'dev');
const synthetic = syntheticCopies(data.enrolled);
const cache = new FeatureCache(resolve(opts.cache));
log(`dev: ${data.enrolled.length} enrolled photos, ${data.projection.length} background, ${data.strangers.length} strangers, ${synthetic.length} synthetic-mask copies`);
/** Only the mobileface section asked: it extracts (and reads) just the closed-set views it needs. */
const mobilefaceOnly = [...sections].every((s) => s === 'mobileface');
if (opts.extract && !mobilefaceOnly) await extractDevFeatures(data, synthetic, cache, log);
const mobilefaceFeatures = MOBILEFACE_FEATURES.filter((f) => opts.only === undefined || opts.only.split('|').some((part) => f.name.includes(part)));
if (opts.extract && sections.has('mobileface')) await extractMobilefaceFeatures(data, cache, log, mobilefaceFeatures, opts.tunedHead);
if (opts.extractOnly === true) process.exit(0);

if (mobilefaceOnly) {
  console.log(`# Development set: MobileFace on ${new Set(data.enrolled.map((p) => p.person)).size} RMFD people (ranks 31-60 by masked photos), ${data.projection.length} background photos; ${folds}-fold cross-validation x ${seeds} seed(s)\n`);
  console.log(`## Feature sets under the default (flips, background, PCA ${DEFAULT_DEV_CONFIG.pcaDimensions}, shrinkage ${DEFAULT_DEV_CONFIG.shrinkage}, group means; closed-set top-1)\n`);
  console.log('| features | masked top-1 % | unmasked top-1 % | mean of both % |\n|---|---|---|---|');
  for (const feature of mobilefaceFeatures) {
    const list = runDevConfig({ ...DEFAULT_DEV_CONFIG, name: feature.name }, await mobilefaceInput(data, cache, feature.parts, folds, seeds));
    const mean = (key: 'masked' | 'unmasked'): number => list.reduce((a, r) => a + r[key], 0) / list.length;
    console.log(`| ${feature.name} | ${meanStd(list.map((r) => r.masked))} | ${meanStd(list.map((r) => r.unmasked))} | ${((mean('masked') + mean('unmasked')) / 2).toFixed(1)} |`);
  }
  process.exit(0);
}

const need = async (p: Parameters<typeof devFeature>[1], flip: boolean): Promise<Float32Array> => {
  const v = await devFeature(cache, p, flip);
  if (v === undefined) throw new Error(`${p.path}: embeddings missing from ${opts.cache} (flip ${flip})`);
  return v;
};
const enrolled: DevSample[] = [];
for (const photo of data.enrolled) {
  const copies = synthetic.filter((s) => s.hash === photo.hash);
  const flipped = await devFeature(cache, photo, true);
  const copyVectors = (await Promise.all(copies.map((c) => devFeature(cache, c, false)))).filter((v) => v !== undefined);
  enrolled.push({ photo, vector: await need(photo, false), ...(flipped === undefined ? {} : { flipped }), synthetic: copyVectors });
}
const background = await Promise.all(data.projection.map(async (p) => ({ vector: await need(p, false), label: p.person })));
const strangers = await Promise.all(data.strangers.map((p) => need(p, false)));
const strangersFlipped = await Promise.all(data.strangers.map((p) => devFeature(cache, p, true)));
const backgroundFlipped = await Promise.all(data.projection.map(async (p) => ({ vector: await devFeature(cache, p, true), label: p.person })));
const input = {
  enrolled,
  background,
  ...(backgroundFlipped.every((b) => b.vector !== undefined) ? { backgroundFlipped: backgroundFlipped as Array<{ vector: Float32Array; label: string }> } : {}),
  folds,
  seeds,
};
const count = (g: string): number => data.enrolled.filter((p) => p.group === g).length;
console.log(`# Development set: ${new Set(data.enrolled.map((p) => p.person)).size} RMFD people (ranks 31-60 by masked photos), ${count('masked')} masked + ${count('unmasked')} unmasked photos\n`);
console.log(`Background: ${data.projection.length} photos of ${new Set(data.projection.map((p) => p.person)).size} other RMFD people; strangers: ${data.strangers.length} photos; ${folds}-fold cross-validation x ${seeds} seed(s).\n`);

const wanted = (name: string): boolean => opts.only === undefined || opts.only.split('|').some((part) => name.includes(part));
const average = (list: readonly FoldResult[], key: 'masked' | 'unmasked'): number => list.reduce((a, r) => a + r[key], 0) / list.length;

function closedSetTable(title: string, configs: readonly DevConfig[]): Map<string, FoldResult[]> {
  const results = new Map<string, FoldResult[]>();
  console.log(`## ${title} (closed-set top-1, no threshold)\n`);
  console.log('| configuration | masked top-1 % | unmasked top-1 % | mean of both % |\n|---|---|---|---|');
  for (const config of configs.filter((c) => wanted(c.name))) {
    const started = Date.now();
    const list = runDevConfig(config, input);
    results.set(config.name, list);
    console.log(`| ${config.name} | ${meanStd(list.map((r) => r.masked))} | ${meanStd(list.map((r) => r.unmasked))} | ${((average(list, 'masked') + average(list, 'unmasked')) / 2).toFixed(1)} |`);
    log(`  ${config.name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  console.log('');
  return results;
}

/** The configuration every direction is compared against: the grid's reference cell. */
const REFERENCE: DevConfig = { name: 'reference: background, PCA 384, shrinkage 0.5, group means', background: true, pcaDimensions: 384, shrinkage: 0.5, classifier: 'group-means' };

if (sections.has('grid')) {
  const grid: DevConfig[] = [];
  for (const background of [true, false]) {
    for (const pcaDimensions of background ? [64, 128, 256, 384, 512] : [64, 128, 192]) {
      for (const shrinkage of [0.02, 0.05, 0.1, 0.2, 0.5]) {
        grid.push({ name: `${background ? 'background' : 'training only'}, PCA ${pcaDimensions}, shrinkage ${shrinkage}`, background, pcaDimensions, shrinkage, classifier: 'group-means' });
      }
    }
  }
  closedSetTable('PCA size x shrinkage (group means)', grid);
}

if (sections.has('directions')) {
  const rows: DevConfig[] = [
    REFERENCE,
    { ...REFERENCE, name: 'test-time flips (photo + mirror averaged, training and test; background not flipped)', flip: true, flipBackground: false },
    { ...REFERENCE, name: 'synthetic masks on unmasked training photos, 1 per photo', synthetic: 1 },
    { ...REFERENCE, name: 'synthetic masks on unmasked training photos, 3 per photo', synthetic: 3 },
    { ...REFERENCE, name: 'synthetic masks, 3 per photo, in the projection only (class means: real photos)', synthetic: 3, syntheticUse: 'projection' },
    { ...REFERENCE, name: 'synthetic masks, 3 per photo, projection + a third mean per person', synthetic: 3, syntheticUse: 'group' },
    { ...REFERENCE, name: 'synthetic masks, 1 per photo, in the projection only', synthetic: 1, syntheticUse: 'projection' },
    { ...REFERENCE, name: 'classifier: one mean per person', classifier: 'class-mean' },
    { ...REFERENCE, name: 'classifier: 1-NN', classifier: '1nn' },
    { ...REFERENCE, name: 'classifier: 3-NN', classifier: '3nn' },
    { ...REFERENCE, name: 'classifier: group means + 1-NN score', classifier: 'means+nn' },
    { ...REFERENCE, name: 'classifier: logistic regression', classifier: 'logreg' },
    { ...REFERENCE, name: 'outliers removed (margin 0.1)', outlierMargin: 0.1 },
    { ...REFERENCE, name: 'outliers removed (margin 0.2)', outlierMargin: 0.2 },
    { ...REFERENCE, name: 'LDA cut to 29 directions', ldaDimensions: 29 },
  ];
  closedSetTable('Directions of issue 10, each against the reference', rows);
}

if (sections.has('combined')) {
  const flip: DevConfig = { ...REFERENCE, name: 'flips', flip: true };
  const rows: DevConfig[] = [
    flip,
    { ...flip, name: 'flips, classifier: group means + 1-NN score', classifier: 'means+nn' },
    { ...flip, name: 'flips, PCA 512, shrinkage 0.1', pcaDimensions: 512, shrinkage: 0.1 },
    { ...flip, name: 'flips, PCA 512, shrinkage 0.2', pcaDimensions: 512, shrinkage: 0.2 },
    { ...flip, name: 'flips, PCA 640, shrinkage 0.1', pcaDimensions: 640, shrinkage: 0.1 },
    { ...flip, name: 'flips, PCA 768, shrinkage 0.1', pcaDimensions: 768, shrinkage: 0.1 },
    { ...flip, name: 'flips, PCA 256, shrinkage 0.2', pcaDimensions: 256, shrinkage: 0.2 },
    { ...flip, name: 'flips, PCA 128, shrinkage 0.05', pcaDimensions: 128, shrinkage: 0.05 },
    { ...flip, name: 'flips, training only, PCA 128, shrinkage 0.5', background: false, pcaDimensions: 128, shrinkage: 0.5 },
    { ...flip, name: 'flips, training only, PCA 512 (= all training photos), shrinkage 0.1', background: false, pcaDimensions: 512, shrinkage: 0.1 },
    { ...flip, name: 'flips, outliers removed (margin 0.1)', outlierMargin: 0.1 },
    { ...flip, name: 'flips, synthetic masks 1 per photo, projection only', synthetic: 1, syntheticUse: 'projection' },
  ];
  closedSetTable('Flips (photo and mirror averaged for enrolled and background photos) combined with the other directions', rows);
}

if (sections.has('open-set')) {
  const defaults = resolveLdaRecognizerOptions();
  const methods: Array<{ method: BenchMethod; flip: boolean }> = [
    { method: ldaMethod('previous default: LDA with background, inner-CV choice of (128, 0.2), (256, 0.2), (128, 0.02)', 'mask-robust', { useBackground: true, ...PREVIOUS_LDA_CHOICES }), flip: false },
    {
      method: ldaMethod(`new default: flips + LDA with background, PCA ${defaults.pcaDimensions}, shrinkage ${defaults.shrinkage}`, 'mask-robust', {
        useBackground: true,
        pcaDimensions: defaults.pcaDimensions,
        shrinkage: defaults.shrinkage,
        candidates: defaults.candidates,
      }),
      flip: true,
    },
  ];
  console.log(`## Open set (thresholds for ${TARGET_FALSE_ACCEPT * 100} % false accepts on inner-CV impostors)\n`);
  const results = new Map<string, FoldResult[]>();
  for (const { method, flip } of methods.filter((m) => wanted(m.method.name))) {
    const started = Date.now();
    const rows = enrolled.map((e) => ({ photo: e.photo, vector: flip ? e.flipped! : e.vector }));
    if (flip && (rows.some((r) => r.vector === undefined) || strangersFlipped.some((v) => v === undefined) || input.backgroundFlipped === undefined)) throw new Error(`${method.name}: mirror views missing; run without --no-extract`);
    results.set(method.name, crossValidate(method, { enrolled: rows as Array<{ photo: BenchPhoto; vector: Float32Array }>, strangers: flip ? (strangersFlipped as Float32Array[]) : strangers, background: flip ? input.backgroundFlipped! : background, folds, seeds }));
    log(`  ${method.name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  console.log(formatTable(results, []));
}
