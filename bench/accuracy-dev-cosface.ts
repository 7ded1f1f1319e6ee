/**
 * `node --import tsx bench/accuracy-dev-cosface.ts`: the cheapest step of issue 15's "margin loss on
 * other people" on the DEVELOPMENT protocol of bench/accuracy-dev.ts. A CosFace head
 * (src/methods/cosface-head.ts) is trained on the frozen mask-robust-flip vectors of the BACKGROUND
 * people only (their real photos, mirror views, and synthetic masks on their unmasked photos),
 * its epoch chosen on held-out background people; the dev people and strangers are never seen in
 * training. Then the open-set section's cross-validation (same folds, thresholds, metrics) compares
 * (`--rows`): (a) the default (flips + LDA with background), (e) cosine group means of the raw
 * vectors, (b) the head + cosine group means, (c) the head + the same LDA, (c2) a head trained
 * without the held-out people + LDA with only those as background, against (a2) the default with
 * the same reduced background, and (d) the concatenation of both vectors + LDA. Results and the
 * choice of the head's settings: docs/accuracy.md, "A CosFace head on the frozen vectors".
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { createRng, shuffleInPlace } from '../src/data/random.js';
import { getTf } from '../src/engine/tf.js';
import { ClassMeans } from '../src/methods/class-means.js';
import { type CosfaceHead, type CosfaceHeadOptions, trainCosfaceHead } from '../src/methods/cosface-head.js';
import { FLIPPED_VIEW } from '../src/methods/face-views.js';
import { resolveLdaRecognizerOptions, UNKNOWN_LABEL } from '../src/methods/lda-recognizer.js';
import { MASK_ROBUST_PARTS } from '../src/methods/mask-robust-features.js';
import { thresholdForFalseAccept } from '../src/methods/open-set-threshold.js';
import type { LabelledVector } from '../src/methods/projection.js';
import { fuse } from '../src/methods/vectors.js';
import { crossValidate } from './accuracy-cv.js';
import { type BenchPhoto, LFW_PEOPLE, loadBenchData } from './accuracy-data.js';
import { LFW_TRAINING_PHOTOS, backgroundSynthetic, cosfaceJobs, loadLfwTrainingPhotos } from './accuracy-dev-cosface-data.js';
import { devFeature, extractMissing } from './accuracy-dev-data.js';
import { FeatureCache } from './accuracy-features.js';
import { type BenchMethod, TARGET_FALSE_ACCEPT, ldaMethod } from './accuracy-methods.js';
import { type FoldResult, formatTable, meanStd } from './accuracy-table.js';

const program = new Command()
  .option('--seeds <n>', 'seeds (repetitions of the 5-fold split)', '2')
  .option('--folds <k>', 'cross-validation folds', '5')
  .option('--datasets <dir>', 'the shared datasets folder', '../shared/datasets')
  .option('--cache <dir>', 'feature cache folder', '.cache/accuracy')
  .option('--dimensions <n>', 'head output dimensions', '512')
  .option('--hidden <n>', 'head hidden ReLU units (0: linear head)', '0')
  .option('--scale <s>', 'CosFace scale', '30')
  .option('--margin <m>', 'CosFace additive cosine margin', '0.35')
  .option('--learning-rate <lr>', 'Adam learning rate', '0.001')
  .option('--weight-decay <l2>', 'L2 penalty on the head weights', '0.0005')
  .option('--dropout <rate>', 'input dropout while training', '0.2')
  .option('--epochs <n>', 'most epochs (the held-out background people choose the epoch)', '40')
  .option('--validate-every <n>', 'epochs between two scorings on the held-out background people', '2')
  .option('--rows <letters>', 'rows to run (comma-separated, of a,b,c,c2,a2,d,e; paired differences need their reference rows)', 'a,b,c,c2,a2,d,e')
  .option('--held-out <fraction>', 'fraction of background people held out to choose the epoch', '0.25')
  .option('--lfw', `also train the head on LFW people who are in no protocol (after the first ${LFW_PEOPLE} of lfw/, ${LFW_TRAINING_PHOTOS} photos each, every other one masked)`)
  .option('--no-synthetic', 'no synthetic-mask copies of the background photos in the head training')
  .option('--no-extract', 'use only the cached embeddings (fails when some are missing)')
  .option('--extract-only', 'extract the missing embeddings and stop')
  .parse();
const opts = program.opts<{
  seeds: string; folds: string; datasets: string; cache: string; dimensions: string; hidden: string; scale: string; margin: string;
  learningRate: string; weightDecay: string; dropout: string; epochs: string; validateEvery: string; rows: string; heldOut: string; lfw?: boolean; synthetic: boolean; extract: boolean; extractOnly?: boolean;
}>();
const seeds = Number(opts.seeds);
const folds = Number(opts.folds);
const log = (line: string): void => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`);

const data = await loadBenchData(resolve(opts.datasets), 'dev');
const cache = new FeatureCache(resolve(opts.cache));
const lfw = opts.lfw === true ? await loadLfwTrainingPhotos(resolve(opts.datasets)) : [];
if (opts.extract) await extractMissing(cosfaceJobs(data, lfw), cache, log);
if (opts.extractOnly === true) process.exit(0);

const need = async (p: BenchPhoto): Promise<Float32Array> => {
  const v = await devFeature(cache, p, true);
  if (v === undefined) throw new Error(`${p.path}: embeddings missing from ${opts.cache}; run without --no-extract`);
  return v;
};
/** The protocol's vectors: photo and mirror averaged per part, as the default embedder makes them. */
const enrolled = await Promise.all(data.enrolled.map(async (photo) => ({ photo, vector: await need(photo) })));
const strangers = await Promise.all(data.strangers.map(need));
const background: LabelledVector[] = await Promise.all(data.projection.map(async (p) => ({ vector: await need(p), label: p.person })));

/**
 * Head training vectors of background photos: the flip-averaged vector, and (augmentation) the
 * vectors of the photo's views alone and of their mirrors alone; synthetic masks likewise.
 */
const MIRROR_PARTS = MASK_ROBUST_PARTS.map((p) => ({ embedder: p.embedder, view: FLIPPED_VIEW[p.view] }));
async function headSamples(photos: readonly BenchPhoto[]): Promise<Array<{ vector: Float32Array; label: string; real: boolean; masked: boolean }>> {
  const out: Array<{ vector: Float32Array; label: string; real: boolean; masked: boolean }> = [];
  for (const p of photos) {
    const real = p.syntheticMask !== true;
    out.push({ vector: await need(p), label: p.person, real, masked: p.group === 'masked' });
    for (const parts of [MASK_ROBUST_PARTS, MIRROR_PARTS]) out.push({ vector: (await devFeature(cache, p, false, parts))!, label: p.person, real: false, masked: p.group === 'masked' });
  }
  return out;
}
const samples = await headSamples([...data.projection, ...(opts.synthetic ? backgroundSynthetic(data) : []), ...lfw]);

const people = shuffleInPlace([...new Set(data.projection.map((p) => p.person))].sort(), createRng(1));
const heldOut = new Set(people.slice(0, Math.round(people.length * Number(opts.heldOut))));
const fitSamples = samples.filter((s) => !heldOut.has(s.label));
const validationPhotos = samples.filter((s) => s.real && heldOut.has(s.label));

/** Leave-one-out cosine group-mean top-1 among the held-out background people: mean of masked and unmasked, %. */
function heldOutTop1(embed: (v: Float32Array) => Float32Array): { masked: number; unmasked: number; mean: number } {
  const vectors = validationPhotos.map((s) => embed(s.vector));
  const hits = { masked: [0, 0], unmasked: [0, 0] };
  validationPhotos.forEach((probe, i) => {
    const means = ClassMeans.fit(validationPhotos.flatMap((s, j) => (j === i ? [] : [{ vector: vectors[j]!, label: s.label, group: 'all' }])));
    const tally = probe.masked ? hits.masked : hits.unmasked;
    tally[0]! += means.rank(vectors[i]!)[0]!.label === probe.label ? 1 : 0;
    tally[1]!++;
  });
  const masked = (100 * hits.masked[0]!) / hits.masked[1]!;
  const unmasked = (100 * hits.unmasked[0]!) / hits.unmasked[1]!;
  return { masked, unmasked, mean: (masked + unmasked) / 2 };
}

const headOptions: CosfaceHeadOptions = {
  outputDimension: Number(opts.dimensions),
  hiddenDimension: Number(opts.hidden),
  scale: Number(opts.scale),
  margin: Number(opts.margin),
  learningRate: Number(opts.learningRate),
  weightDecay: Number(opts.weightDecay),
  inputDropout: Number(opts.dropout),
  epochs: Number(opts.epochs),
};
const tf = await getTf();
log(`head training: ${fitSamples.length} vectors of ${people.length - heldOut.size} background people${lfw.length > 0 ? ` and ${new Set(lfw.map((p) => p.person)).size} LFW people` : ''} (${samples.filter((s) => s.real).length} real photos in all); held out: ${validationPhotos.length} real photos of ${heldOut.size} people`);
const raw = heldOutTop1((v) => v);
log(`held-out background people, raw vectors: masked ${raw.masked.toFixed(1)} %, unmasked ${raw.unmasked.toFixed(1)} %`);
let started = Date.now();
const selection = await trainCosfaceHead(tf, fitSamples, headOptions, {
  every: Number(opts.validateEvery),
  score: (head) => {
    const s = heldOutTop1((v) => head.embed(v));
    log(`  masked ${s.masked.toFixed(1)} %, unmasked ${s.unmasked.toFixed(1)} %`);
    return s.mean;
  },
}, (epoch, loss) => {
  if (epoch % Number(opts.validateEvery) === 0) log(`epoch ${epoch}: loss ${loss.toFixed(3)}, ${((Date.now() - started) / 1000).toFixed(0)} s`);
});
const chosen = selection.history.find((h) => h.epoch === selection.epoch)!;
log(`chosen epoch ${selection.epoch} (held-out mean top-1 ${chosen.score?.toFixed(1)} %); retraining on every background person`);
started = Date.now();
const { head } = await trainCosfaceHead(tf, samples, { ...headOptions, epochs: selection.epoch });
log(`final head: ${((Date.now() - started) / 1000).toFixed(0)} s`);

/** Cosine nearest group mean (per person and photo group); threshold from impostor scores of the training photos against other people's means. */
function groupMeans(name: string): BenchMethod {
  return {
    name,
    feature: 'cosface',
    train(train) {
      const means = ClassMeans.fit(train.map((t) => ({ vector: t.vector, label: t.label, group: t.masked ? 'masked' : 'unmasked' })));
      const threshold = thresholdForFalseAccept(train.map((t) => means.rank(t.vector, t.label)[0]!.score), TARGET_FALSE_ACCEPT);
      return (vector) => {
        const top = means.rank(vector)[0]!;
        return { best: top.label, label: top.score >= threshold ? top.label : UNKNOWN_LABEL };
      };
    },
  };
}

const defaults = resolveLdaRecognizerOptions();
const lda = (name: string): BenchMethod => ldaMethod(name, 'cosface', { useBackground: true, pcaDimensions: defaults.pcaDimensions, shrinkage: defaults.shrinkage, candidates: defaults.candidates });
const mapped = (f: (v: Float32Array) => Float32Array): Parameters<typeof crossValidate>[1] => ({
  enrolled: enrolled.map((e) => ({ photo: e.photo, vector: f(e.vector) })),
  strangers: strangers.map(f),
  background: background.map((b) => ({ vector: f(b.vector), label: b.label })),
  folds,
  seeds,
});
const headOnly = (h: CosfaceHead) => (v: Float32Array): Float32Array => h.embed(v);
const concatenated = (h: CosfaceHead) => (v: Float32Array): Float32Array => fuse([v, h.embed(v)], [2, 1]);
const heldOutBackground = (input: ReturnType<typeof mapped>): ReturnType<typeof mapped> => ({ ...input, background: input.background.filter((b) => heldOut.has(b.label)) });
const ROWS: ReadonlyArray<[string, () => [BenchMethod, ReturnType<typeof mapped>]]> = [
  ['a', () => [lda(`(a) default: flips + LDA with background, PCA ${defaults.pcaDimensions}, shrinkage ${defaults.shrinkage}`), mapped((v) => v)]],
  ['e', () => [groupMeans('(e) no head, no LDA: cosine group means of the raw vectors'), mapped((v) => v)]],
  ['b', () => [groupMeans('(b) CosFace head + cosine group means'), mapped(headOnly(head))]],
  ['c', () => [lda('(c) CosFace head + the same LDA (background: every background person, the head\'s own training people)'), mapped(headOnly(head))]],
  ['c2', () => [lda('(c\') head trained without the held-out people + LDA with the held-out people only as background'), heldOutBackground(mapped(headOnly(selection.head)))]],
  ['a2', () => [lda('(a\') default with the held-out background people only (the reference for c\')'), heldOutBackground(mapped((v) => v))]],
  ['d', () => [lda('(d) concatenation [default vector, head output] + the same LDA'), mapped(concatenated(head))]],
];
const wanted = new Set(opts.rows.split(','));
const results = new Map<string, FoldResult[]>();
const letterOf = new Map<string, string>();
for (const [letter, row] of ROWS.filter(([letter]) => wanted.has(letter))) {
  const [method, input] = row();
  started = Date.now();
  results.set(method.name, crossValidate(method, input));
  letterOf.set(letter, method.name);
  log(`  ${method.name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
const o = headOptions;
console.log(`# CosFace head on frozen mask-robust-flip vectors, development protocol\n`);
console.log(`Dev people: ${new Set(data.enrolled.map((p) => p.person)).size} (${enrolled.length} photos); strangers: ${strangers.length} photos; background: ${background.length} photos of ${people.length} people. ` +
  `Head: ${o.hiddenDimension === 0 ? 'linear' : `${o.hiddenDimension} ReLU units`} -> ${o.outputDimension}, s ${o.scale}, m ${o.margin}, Adam ${o.learningRate}, L2 ${o.weightDecay}, input dropout ${o.inputDropout}; ` +
  `trained on ${samples.length} vectors (background photos, their views and mirrors alone${opts.synthetic ? ', synthetic masks on their unmasked photos' : ''}${lfw.length > 0 ? `; ${lfw.length} photos of ${new Set(lfw.map((p) => p.person)).size} LFW people, every other one masked` : ''}); ` +
  `epoch ${selection.epoch} of ${o.epochs} chosen on ${heldOut.size} held-out background people (held-out top-1 raw ${raw.mean.toFixed(1)} %, head ${chosen.score?.toFixed(1)} %). ` +
  `${folds}-fold cross-validation x ${seeds} seed(s), thresholds for ${TARGET_FALSE_ACCEPT * 100} % false accepts inside training.\n`);
console.log(formatTable(results, []));
/** Per-fold differences against a reference row on the same folds (the rows share their fold assignments). */
const paired = (name: string, reference: string, key: 'masked' | 'unmasked' | 'maskedOpen'): string => {
  const a = results.get(name)!;
  const b = results.get(reference)!;
  return meanStd(a.map((r, i) => r[key] - b[i]![key]));
};
console.log(`\nPaired differences on the same ${folds * seeds} folds (points; mean ± sd over folds):\n`);
console.log('| row | against | masked top-1 | unmasked top-1 | masked open-set |\n|---|---|---|---|---|');
for (const [row, reference] of [['e', 'a'], ['b', 'e'], ['b', 'a'], ['c', 'a'], ['c2', 'a2'], ['d', 'a']] as const) {
  const name = letterOf.get(row);
  const against = letterOf.get(reference);
  if (name === undefined || against === undefined) continue;
  console.log(`| ${name.slice(0, 4)} | ${against.slice(0, 4)} | ${paired(name, against, 'masked')} | ${paired(name, against, 'unmasked')} | ${paired(name, against, 'maskedOpen')} |`);
}
