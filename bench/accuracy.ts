/**
 * `npm run bench:accuracy [-- --quick]`: leak-free accuracy of the recognition methods on RMFD's 30
 * people with the most masked photos (issue 10). 5-fold cross-validation stratified by person and
 * group, repeated with 5 seeds (1 with --quick); every threshold and projection is fitted on the
 * training part (and on other, never-tested RMFD people); strangers are LFW people and a third of
 * the other RMFD people, never seen in training.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { load as loadDlibResnet34 } from '../src/models/dlib-resnet34/index.js';
import { load as loadFaceres } from '../src/models/faceres/index.js';
import type { Embedder } from '../src/models/types.js';
import { DEFAULT_LDA_CANDIDATES } from '../src/recognize/methods/lda-recognizer.js';
import { MASK_ROBUST_PARTS, fuseParts } from '../src/recognize/methods/mask-robust-features.js';
import type { ViewName } from '../src/recognize/methods/face-views.js';
import { type BenchPhoto, loadBenchData } from './accuracy-data.js';
import { FeatureCache, extractFeatures } from './accuracy-features.js';
import { stratifiedFolds } from './accuracy-folds.js';
import { type BenchMethod, TARGET_FALSE_ACCEPT, ldaMethod, nearestNeighbour } from './accuracy-methods.js';
import { type FoldResult, formatTable } from './accuracy-table.js';

const program = new Command()
  .option('--quick', 'one seed instead of five')
  .option('--seeds <n>', 'seeds (repetitions of the 5-fold split)', '5')
  .option('--folds <k>', 'cross-validation folds', '5')
  .option('--datasets <dir>', 'the shared datasets folder', '../shared/datasets')
  .option('--cache <dir>', 'feature cache folder', '.cache/accuracy')
  .option('--only <text>', 'run only the methods whose name contains this text')
  .option('--cached-only', 'skip photos whose embeddings are not cached yet instead of extracting them (partial, for development)')
  .parse();
const opts = program.opts<{ quick?: boolean; seeds: string; folds: string; datasets: string; cache: string; cachedOnly?: boolean; only?: string }>();
const seeds = opts.quick === true ? 1 : Number(opts.seeds);
const folds = Number(opts.folds);

const FEATURES: Readonly<Record<string, ReadonlyArray<{ embedder: string; view: ViewName }>>> = {
  faceres: [{ embedder: 'faceres', view: 'full' }],
  'mask-robust': MASK_ROBUST_PARTS,
};
/** The pairs the default method chooses between by inner CV (the library's default candidates). */
const LDA_CHOICES = { pcaDimensions: 128, shrinkage: 0.2, candidates: DEFAULT_LDA_CANDIDATES };
const METHODS: readonly BenchMethod[] = [
  nearestNeighbour('faceres, nearest neighbour (baseline)', 'faceres'),
  nearestNeighbour('mask-robust features, nearest neighbour', 'mask-robust'),
  ldaMethod('mask-robust + LDA on training photos only', 'mask-robust', { useBackground: false, ...LDA_CHOICES }),
  ldaMethod('mask-robust + LDA with background people (default)', 'mask-robust', { useBackground: true, ...LDA_CHOICES }),
];

const cache = new FeatureCache(resolve(opts.cache));
const isCached = async (photo: BenchPhoto): Promise<boolean> => {
  for (const part of Object.values(FEATURES).flat()) if ((await cache.get(photo, part.embedder, part.view)) === undefined) return false;
  return true;
};
const data = await (async () => {
  const loaded = await loadBenchData(resolve(opts.datasets));
  if (opts.cachedOnly !== true) return loaded;
  const keep = async (list: readonly BenchPhoto[]): Promise<BenchPhoto[]> => (await Promise.all(list.map(async (p) => ((await isCached(p)) ? p : undefined)))).filter((p) => p !== undefined);
  return { enrolled: await keep(loaded.enrolled), strangers: await keep(loaded.strangers), projection: await keep(loaded.projection) };
})();
const all = [...data.enrolled, ...data.strangers, ...data.projection];
const needed = [...new Set(Object.values(FEATURES).flat().map((p) => p.view))];
let missing = 0;
for (const photo of all) if (!(await isCached(photo))) missing++;
if (missing > 0) {
  console.error(`extracting the embeddings of ${missing} photos (cached in ${opts.cache}) ...`);
  const embedders: Embedder[] = [await loadFaceres(), await loadDlibResnet34()];
  const started = Date.now();
  await extractFeatures(all, embedders, needed, cache, (done, total) => {
    if (done % 100 === 0 || done === total) console.error(`  ${done}/${total} photos, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  });
  for (const e of embedders) e.dispose();
}

async function featureOf(photo: BenchPhoto, feature: string): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  for (const part of FEATURES[feature]!) parts.push((await cache.get(photo, part.embedder, part.view))!);
  return fuseParts(parts);
}

const results = new Map<string, FoldResult[]>();
const started = Date.now();
for (const method of METHODS.filter((m) => opts.only === undefined || m.name.includes(opts.only))) {
  const enrolled = await Promise.all(data.enrolled.map(async (p) => ({ photo: p, vector: await featureOf(p, method.feature) })));
  const strangers = await Promise.all(data.strangers.map((p) => featureOf(p, method.feature)));
  const background = await Promise.all(data.projection.map(async (p) => ({ vector: await featureOf(p, method.feature), label: p.person })));
  method.prepare?.(background);
  const list: FoldResult[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const assignment = stratifiedFolds(data.enrolled, folds, seed);
    for (let fold = 0; fold < folds; fold++) {
      const train = enrolled.filter((_, i) => assignment[i] !== fold).map((e) => ({ vector: e.vector, label: e.photo.person, masked: e.photo.group === 'masked' }));
      const predict = method.train(train, background);
      const tally = { masked: [0, 0], unmasked: [0, 0], maskedOpen: [0, 0], rejected: [0, 0] };
      enrolled.forEach((e, i) => {
        if (assignment[i] !== fold) return;
        const answer = predict(e.vector);
        const group = e.photo.group === 'masked' ? tally.masked : tally.unmasked;
        group[0]! += answer.best === e.photo.person ? 1 : 0;
        group[1]!++;
        if (e.photo.group === 'masked') {
          tally.maskedOpen[0]! += answer.label === e.photo.person ? 1 : 0;
          tally.maskedOpen[1]!++;
        }
      });
      for (const s of strangers) {
        tally.rejected[0]! += predict(s).label === 'unknown' ? 1 : 0;
        tally.rejected[1]!++;
      }
      const rate = ([hit, n]: number[]): number => (100 * hit!) / n!;
      list.push({ masked: rate(tally.masked), unmasked: rate(tally.unmasked), rejection: rate(tally.rejected), maskedOpen: rate(tally.maskedOpen) });
    }
    console.error(`  ${method.name}: seed ${seed} done, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  results.set(method.name, list);
}

const people = new Set(data.enrolled.map((p) => p.person)).size;
const count = (g: string): number => data.enrolled.filter((p) => p.group === g).length;
console.log(`RMFD subset, ${people} people with the most masked photos: ${count('masked')} masked + ${count('unmasked')} unmasked photos; ` +
  `${data.strangers.length} stranger photos (LFW strangers + ${data.strangers.filter((s) => s.person.startsWith('rmfd:')).length} of other RMFD people); ` +
  `background: ${data.projection.length} photos of ${new Set(data.projection.map((p) => p.person)).size} other RMFD people.`);
console.log(`${folds}-fold cross-validation x ${seeds} seed(s), stratified by person and group; thresholds for ${TARGET_FALSE_ACCEPT * 100} % false accepts on impostor scores inside training.\n`);
console.log(formatTable(results));
