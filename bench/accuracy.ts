/**
 * `npm run bench:accuracy [-- --quick]`: leak-free accuracy of the recognition methods on RMFD's 30
 * people with the most masked photos (issue 10). 5-fold cross-validation, repeated with 5 seeds (1
 * with --quick), whose folds never split a group of near-duplicate photos (one person's photos with
 * faceres cosine above NEAR_DUPLICATE_COSINE: frames of one event, re-encodings; `--no-group` gives
 * the older folds, stratified by person and group only); every threshold and projection is fitted on the
 * training part (and on other, never-tested RMFD people); strangers are LFW people and a third of
 * the other RMFD people, never seen in training.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { load as loadDlibResnet34 } from '../src/models/dlib-resnet34/index.js';
import { load as loadFaceres } from '../src/models/faceres/index.js';
import type { Embedder } from '../src/models/types.js';
import { resolveLdaRecognizerOptions } from '../src/methods/lda-recognizer.js';
import { MASK_ROBUST_PARTS, flipAverage, fuseParts } from '../src/methods/mask-robust-features.js';
import { FLIPPED_VIEW, type ViewName } from '../src/methods/face-views.js';
import { load as loadLandmarks68 } from '../src/face/landmarks68/index.js';
import { insertMask, photoSeed } from '../src/mask/index.js';
import { loadArcfaceAligned } from '../src/face/arcface-aligned.js';
import { MOBILEFACE_INPUT_SIZE, load as loadMobileface } from '../src/models/mobileface/index.js';
import { load as loadMobilefaceTuned } from '../src/models/mobileface-tuned/index.js';
import { crossValidate } from './accuracy-cv.js';
import { ARCFACE_MBF_ARCFACE, MOBILEFACE_ARCFACE, MOBILEFACE_TUNED_ARCFACE } from './accuracy-dev-mobileface.js';
import { ARCFACE_MOBILEFACENET_INPUT_SIZE, load as loadArcfaceMobilefacenet } from '../src/models/arcface-mobilefacenet/index.js';
import { norm } from '../src/methods/vectors.js';
import type { LdaFeaturesName } from '../src/methods/lda-features.js';
import { shippedBackground } from '../src/train/lda-model.js';
import { NEAR_DUPLICATE_COSINE, nearDuplicateGroups } from '../src/data/near-duplicates.js';
import { type BenchPhoto, loadBenchData, loadLfwSyntheticData } from './accuracy-data.js';
import { FeatureCache, type Masker, extractFeatures } from './accuracy-features.js';
import { type BenchMethod, PREVIOUS_LDA_CHOICES, TARGET_FALSE_ACCEPT, ldaMethod, nearestNeighbour } from './accuracy-methods.js';
import { type FoldResult, LFW_PAPER_ROWS, PAPER_ROWS, formatTable } from './accuracy-table.js';

const program = new Command()
  .option('--quick', 'one seed instead of five')
  .option('--seeds <n>', 'seeds (repetitions of the 5-fold split)', '5')
  .option('--folds <k>', 'cross-validation folds', '5')
  .option('--datasets <dir>', 'the shared datasets folder', '../shared/datasets')
  .option('--cache <dir>', 'feature cache folder', '.cache/accuracy')
  .option('--only <text>', 'run only the methods whose name contains this text')
  .option('--no-lfw', 'skip the LFW synthetic-mask benchmark')
  .option('--no-rmfd', 'skip the RMFD benchmark (run only the LFW one)')
  .option('--no-group', 'plain stratified folds (the protocol before near-duplicate grouping; optimistic)')
  .option('--near-duplicate <cosine>', 'faceres cosine above which two photos of one person are near-duplicates', String(NEAR_DUPLICATE_COSINE))
  .option('--mobileface', 'also MobileFace and the fit-backbone layer (mobileface-tuned), ArcFace-aligned, alone and fused (issue 15; RMFD only; their views are extracted even with --cached-only)')
  .option('--cached-only', 'skip photos whose embeddings are not cached yet instead of extracting them (partial, for development)')
  .parse();
const opts = program.opts<{ mobileface?: boolean; quick?: boolean; seeds: string; folds: string; datasets: string; cache: string; cachedOnly?: boolean; only?: string; lfw: boolean; rmfd: boolean; group: boolean; nearDuplicate: string }>();
const seeds = opts.quick === true ? 1 : Number(opts.seeds);
const folds = Number(opts.folds);

type Parts = ReadonlyArray<{ embedder: string; view: ViewName }>;
/** Parts followed by their mirrors: a feature named `*-flip` averages each part with its mirror. */
const withFlips = (parts: Parts): Parts => [...parts, ...parts.map((p) => ({ embedder: p.embedder, view: FLIPPED_VIEW[p.view] }))];
const ALIGNED: Parts = [{ embedder: MOBILEFACE_ARCFACE, view: 'full' }];
const TUNED: Parts = [{ embedder: MOBILEFACE_TUNED_ARCFACE, view: 'full' }];
const ARCFACE: Parts = [{ embedder: ARCFACE_MBF_ARCFACE, view: 'full' }];
const FEATURES: Readonly<Record<string, Parts>> = {
  faceres: [{ embedder: 'faceres', view: 'full' }],
  'mask-robust': MASK_ROBUST_PARTS,
  // Test-time flips: each part is the mean of a view's and its mirror's unit embeddings (the library's default embedder).
  'mask-robust-flip': withFlips(MASK_ROBUST_PARTS),
  // Issue 23: the ArcFace MobileFaceNet (src/methods/lda-features.ts), alone and with mask-robust (the default since).
  'arcface-mobilefacenet-flip': withFlips(ARCFACE),
  'mask-robust-flip+arcface-mobilefacenet': withFlips([...MASK_ROBUST_PARTS, ...ARCFACE]),
  ...(opts.mobileface === true
    ? {
        'mobileface-flip': withFlips(ALIGNED),
        'mobileface-tuned-flip': withFlips(TUNED),
        'mask-robust+mobileface-tuned-flip': withFlips([...MASK_ROBUST_PARTS, ...TUNED]),
      }
    : {}),
};
/** Embedders whose views are extracted by their own job below (not by faceres and dlib's). */
const ALIGNED_EMBEDDERS = new Set([MOBILEFACE_ARCFACE, MOBILEFACE_TUNED_ARCFACE, ARCFACE_MBF_ARCFACE]);
/** The library's defaults (chosen on the development people of bench/accuracy-dev.ts). */
const defaults = resolveLdaRecognizerOptions();
const LDA_DEFAULTS = { pcaDimensions: defaults.pcaDimensions, shrinkage: defaults.shrinkage, candidates: defaults.candidates };
const METHODS: readonly BenchMethod[] = [
  nearestNeighbour('faceres, nearest neighbour (baseline)', 'faceres'),
  nearestNeighbour('mask-robust features, nearest neighbour', 'mask-robust'),
  ldaMethod('previous: mask-robust + LDA on training photos only', 'mask-robust', { useBackground: false, ...PREVIOUS_LDA_CHOICES }),
  ldaMethod('previous default: mask-robust + LDA with background people', 'mask-robust', { useBackground: true, ...PREVIOUS_LDA_CHOICES }),
  ldaMethod('mask-robust with flips + LDA with the bench\'s background people, PCA 512, shrinkage 0.1', 'mask-robust-flip', { useBackground: true, ...LDA_DEFAULTS }),
  ldaMethod('previous default: mask-robust with flips + LDA with its shipped background cohort', 'mask-robust-flip', { useBackground: true, background: 'shipped', ...LDA_DEFAULTS }),
  ldaMethod('arcface-mobilefacenet with flips + LDA with the bench\'s background people, PCA 512, shrinkage 0.1', 'arcface-mobilefacenet-flip', { useBackground: true, ...LDA_DEFAULTS }),
  ldaMethod('default, as `maskface train` runs it: mask-robust + arcface-mobilefacenet with flips + LDA with the shipped background cohort', 'mask-robust-flip+arcface-mobilefacenet', { useBackground: true, background: 'shipped', ...LDA_DEFAULTS }),
  // Issue 15: the networks of fit-backbone under the same method (the bench's background: the shipped cohort is mask-robust only).
  ...(opts.mobileface === true
    ? [
        ldaMethod('mobileface (ArcFace-aligned) with flips + LDA with the bench\'s background people, PCA 512, shrinkage 0.1', 'mobileface-flip', { useBackground: true, ...LDA_DEFAULTS }),
        ldaMethod('mobileface-tuned (fit-backbone layer, ArcFace-aligned) with flips + LDA with the bench\'s background people, PCA 512, shrinkage 0.1', 'mobileface-tuned-flip', { useBackground: true, ...LDA_DEFAULTS }),
        ldaMethod('mask-robust + mobileface-tuned with flips + LDA with the bench\'s background people, PCA 512, shrinkage 0.1', 'mask-robust+mobileface-tuned-flip', { useBackground: true, ...LDA_DEFAULTS }),
      ]
    : []),
];
/** LFW is easier for these networks: the baseline and the previous default show the gap (the ArcFace views are extracted for RMFD only). */
const LFW_METHODS: readonly BenchMethod[] = [METHODS[0]!, METHODS[5]!];

const cache = new FeatureCache(resolve(opts.cache));
const isCached = async (photo: BenchPhoto): Promise<boolean> => {
  for (const part of Object.values(FEATURES).flat().filter((p) => !ALIGNED_EMBEDDERS.has(p.embedder))) if ((await cache.get(photo, part.embedder, part.view)) === undefined) return false;
  return true;
};
const data = await (async () => {
  const loaded = await loadBenchData(resolve(opts.datasets));
  if (opts.cachedOnly !== true) return loaded;
  const keep = async (list: readonly BenchPhoto[]): Promise<BenchPhoto[]> => (await Promise.all(list.map(async (p) => ((await isCached(p)) ? p : undefined)))).filter((p) => p !== undefined);
  return { enrolled: await keep(loaded.enrolled), strangers: await keep(loaded.strangers), projection: await keep(loaded.projection) };
})();
const all = [...data.enrolled, ...data.strangers, ...data.projection];
const lfw = opts.lfw === false ? [] : await loadLfwSyntheticData(resolve(opts.datasets));
const needed = [...new Set(Object.values(FEATURES).flat().filter((p) => !ALIGNED_EMBEDDERS.has(p.embedder)).map((p) => p.view))];
const toExtract: BenchPhoto[] = [];
for (const photo of [...all, ...lfw]) if (!(await isCached(photo))) toExtract.push(photo);
if (toExtract.length > 0) {
  console.error(`extracting the embeddings of ${toExtract.length} photos (cached in ${opts.cache}) ...`);
  const embedders: Embedder[] = [await loadFaceres(), await loadDlibResnet34()];
  const landmarks = await loadLandmarks68();
  // LFW photos get a mask drawn on the 68 landmarks of their face region; type and colour vary by photo.
  const masker: Masker = async (photo, image) =>
    insertMask(image, await landmarks.detect(image, photo.crop ?? { x: 0, y: 0, width: image.width, height: image.height }), { type: 'random', color: 'random', seed: photoSeed(0, photo.path) });
  const started = Date.now();
  await extractFeatures(toExtract, embedders, needed, cache, (done, total) => {
    if (done % 100 === 0 || done === total) console.error(`  ${done}/${total} photos, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }, masker);
  for (const e of embedders) e.dispose();
  landmarks.dispose();
}

if (opts.rmfd) {
  // RMFD's photos only: the aligned networks' rows are not in the LFW table.
  const extractors = [
    { name: ARCFACE_MBF_ARCFACE, load: loadArcfaceMobilefacenet, size: ARCFACE_MOBILEFACENET_INPUT_SIZE },
    ...(opts.mobileface === true
      ? [
          { name: MOBILEFACE_ARCFACE, load: loadMobileface, size: MOBILEFACE_INPUT_SIZE },
          { name: MOBILEFACE_TUNED_ARCFACE, load: loadMobilefaceTuned, size: MOBILEFACE_INPUT_SIZE },
        ]
      : []),
  ];
  for (const { name, load, size } of extractors) {
    const missing: BenchPhoto[] = [];
    for (const photo of all) if ((await cache.get(photo, name, 'full')) === undefined || (await cache.get(photo, name, 'full-flip')) === undefined) missing.push(photo);
    if (missing.length === 0) continue;
    console.error(`extracting ${name} (whole face and mirror) of ${missing.length} photos ...`);
    const embedder = await loadArcfaceAligned(() => load(), size, name);
    try {
      const started = Date.now();
      await extractFeatures(missing, [embedder], ['full', 'full-flip'], cache, (done, total) => {
        if (done % 100 === 0 || done === total) console.error(`  ${done}/${total} photos, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      });
      console.error(`  ${name}: 5 landmarks found on ${embedder.aligned} of ${embedder.aligned + embedder.unaligned} views, crop used as it is on the others`);
    } finally {
      embedder.dispose();
    }
  }
}

async function featureOf(photo: BenchPhoto, feature: string): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  for (const part of FEATURES[feature]!) parts.push((await cache.get(photo, part.embedder, part.view))!);
  if (!feature.endsWith('-flip')) return fuseParts(parts);
  const half = parts.length / 2;
  return fuseParts(parts.slice(0, half).map((p, i) => flipAverage(p, parts[half + i]!)));
}

/** Near-duplicate groups of the enrolled photos on faceres (whole face) vectors, and a line saying what they are. */
async function groupsOf(photos: readonly BenchPhoto[]): Promise<{ groups: number[] | undefined; description: string }> {
  if (!opts.group) return { groups: undefined, description: 'folds stratified by person and group, near-duplicates NOT grouped (optimistic)' };
  const threshold = Number(opts.nearDuplicate);
  const vectors = await Promise.all(photos.map((p) => featureOf(p, 'faceres')));
  const groups = nearDuplicateGroups(photos, vectors, threshold);
  const sizes = new Map<number, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  const shared = [...sizes.values()].filter((n) => n > 1);
  const inShared = shared.reduce((a, b) => a + b, 0);
  return { groups, description: `folds keep near-duplicates together: ${inShared} of ${photos.length} photos fall in ${shared.length} groups of 2-${Math.max(0, ...shared)} photos of one person with faceres cosine > ${threshold}` };
}

async function benchmark(enrolledPhotos: readonly BenchPhoto[], methods: readonly BenchMethod[]): Promise<Map<string, FoldResult[]>> {
  const results = new Map<string, FoldResult[]>();
  const started = Date.now();
  const { groups, description } = await groupsOf(enrolledPhotos);
  console.error(`  ${description}`);
  lastGrouping = description;
  for (const method of methods.filter((m) => opts.only === undefined || m.name.includes(opts.only))) {
    const enrolled = await Promise.all(enrolledPhotos.map(async (p) => ({ photo: p, vector: await featureOf(p, method.feature) })));
    const strangers = await Promise.all(data.strangers.map((p) => featureOf(p, method.feature)));
    const background = method.background === 'shipped' ? shippedBackground(method.feature as LdaFeaturesName, new Set(), norm(enrolled[0]!.vector)) : await Promise.all(data.projection.map(async (p) => ({ vector: await featureOf(p, method.feature), label: p.person })));
    const onSeed = (seed: number): void => console.error(`  ${method.name}: seed ${seed} done, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    results.set(method.name, crossValidate(method, { enrolled, strangers, background, folds, seeds, onSeed, ...(groups === undefined ? {} : { groups }) }));
  }
  return results;
}

let lastGrouping = '';
const describe = (photos: readonly BenchPhoto[]): string => {
  const count = (g: string): number => photos.filter((p) => p.group === g).length;
  return `${new Set(photos.map((p) => p.person)).size} people, ${count('masked')} masked + ${count('unmasked')} unmasked photos`;
};
if (opts.rmfd) {
  const rmfdResults = await benchmark(data.enrolled, METHODS);
  console.log(`## RMFD subset: the ${describe(data.enrolled)} (the people with the most masked photos)\n`);
  console.log(`Strangers: ${data.strangers.length} photos (LFW strangers + ${data.strangers.filter((s) => s.person.startsWith('rmfd:')).length} of other RMFD people). ` +
    `Background: ${data.projection.length} photos of ${new Set(data.projection.map((p) => p.person)).size} other RMFD people. ` +
    `${folds}-fold cross-validation x ${seeds} seed(s); ${lastGrouping}; thresholds for ${TARGET_FALSE_ACCEPT * 100} % false accepts on impostor scores inside training.\n`);
  console.log(formatTable(rmfdResults, PAPER_ROWS));
}
if (lfw.length > 0) {
  const lfwResults = await benchmark(lfw, LFW_METHODS);
  console.log(`\n## LFW with synthetic masks: ${describe(lfw)} (every other photo masked by insertMask)\n`);
  console.log(`Strangers: the same ${data.strangers.length} photos (LFW strangers and other RMFD people); background: the same other RMFD people; ${folds}-fold cross-validation x ${seeds} seed(s); ${lastGrouping}.\n`);
  console.log(formatTable(lfwResults, LFW_PAPER_ROWS));
}
