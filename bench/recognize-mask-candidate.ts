/**
 * A candidate mask classifier for faceres (issue 26), not the shipped one: trained on the photos
 * bench/recognize-mask-dev.ts preferred (TRAINING_PHOTOS: every unmasked photo of the RMFD train
 * people, one of them also with a synthetic mask; 500 lfw-train-pool people, 200 also masked) and
 * on the development people, L2 1e-4, with the cutoff chosen on out-of-fold scores of a five-fold
 * cross-validation by person over train and dev (bench/mask-classifier-cutoff.ts, `--cutoff-rule`):
 *
 *   node --import tsx bench/recognize-mask-candidate.ts --cutoff-rule centred
 *   node --import tsx bench/recognize-mask-candidate.ts --cutoff-rule sure
 *
 * The RMFD test people (real masks, unmasked) and LFW's 128 people (unmasked) are scored at the end.
 * The classifier is written to `--out` (default .cache/mask-classifier/candidate.faceres.json) in the
 * shipped file's format: copied over src/recognize/mask-classifier.faceres.generated.json, it is what
 * `npm run bench -- recognize` checks on the Hamilton clip. Both rules were scored once each
 * (docs/recognition.md, "Mask check"): both called >= 98 % of the test masks masked and every LFW
 * face unmasked, but 7 of the clip's 89 unmasked boxes masked, so neither is shipped.
 *
 * - `sure`: the highest cutoff that still calls 98 % of the out-of-fold real masks masked (the
 *   shipped classifier's rule, there on the 148 dev masks);
 * - `centred`: the middle, in log-odds, of the cutoffs at which each group (real RMFD masks, unmasked
 *   RMFD, unmasked LFW) is called right on >= 98 % of its out-of-fold photos.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { invalidArgument } from '../src/errors.js';
import { writeFileAtomic } from '../src/image/io.js';
import { createMaskClassifier, trainLogistic } from '../src/recognize/mask-classifier.js';
import { type ScoredPhoto, cutoffRules, foldOf, MASK_FOLDS, type RatesAt, ratesAt } from './mask-classifier-cutoff.js';
import { type MaskPhoto, maskClassifierPhotos, TRAINING_PHOTOS } from './mask-classifier-data.js';
import { maskFeatures, photoKey } from './mask-classifier-features.js';

/** L2 penalty, chosen by bench/recognize-mask-dev.ts. */
const L2 = 1e-4;
const TRAIN_OPTIONS = { epochs: 600, learningRate: 20, l2: L2 } as const;

const { values } = parseArgs({ options: { 'cutoff-rule': { type: 'string', default: 'sure' }, out: { type: 'string', default: '.cache/mask-classifier/candidate.faceres.json' } } });
const embedder = 'faceres';
const rule = values['cutoff-rule'];
if (rule !== 'sure' && rule !== 'centred') throw invalidArgument('--cutoff-rule', 'sure or centred', rule);
const datasets = resolve('../shared/datasets');
const photos = await maskClassifierPhotos(datasets, TRAINING_PHOTOS);
const vectors = await maskFeatures(photos, embedder, resolve('.cache/mask-classifier'), console.log);
const vectorOf = (p: MaskPhoto): Float32Array => vectors.get(photoKey(p))!;
const known = photos.filter((p) => p.split !== 'test');
const test = photos.filter((p) => p.split === 'test');
const classifierOf = (train: readonly MaskPhoto[], cutoff: number) => {
  const { weights, bias } = trainLogistic(train.map(vectorOf), train.map((p) => p.masked), TRAIN_OPTIONS);
  return { weights, bias, classifier: createMaskClassifier({ embedder, weights, bias, cutoff, heldOutAccuracy: 0, trainedOn: '' }) };
};
const scoreAll = (set: readonly MaskPhoto[], classify: (v: Float32Array) => number): ScoredPhoto[] => set.filter((p) => !p.synthetic).map((photo) => ({ photo, probability: classify(vectorOf(photo)) }));
const show = (r: RatesAt): string => `cutoff ${r.cutoff.toFixed(3)}: RMFD masked called masked ${r.rmfdMasked}, RMFD unmasked called unmasked ${r.rmfdUnmasked}, LFW unmasked called unmasked ${r.lfwUnmasked}`;

const outOfFold: ScoredPhoto[] = [];
for (let fold = 0; fold < MASK_FOLDS; fold++) {
  const { classifier } = classifierOf(known.filter((p) => foldOf(p.person) !== fold), 0.5);
  outOfFold.push(...scoreAll(known.filter((p) => foldOf(p.person) === fold), (v) => classifier.classify(v).probability));
}
const chosen = cutoffRules(outOfFold)[rule];
console.log(`out of fold (${MASK_FOLDS} folds by person, train and dev people):\n  at 0.5 ${show(ratesAt(outOfFold, 0.5))}\n  ${rule} ${show(chosen)}`);

const { weights, bias, classifier } = classifierOf(known, chosen.cutoff);
const heldOut = ratesAt(scoreAll(test, (v) => classifier.classify(v).probability), chosen.cutoff);
console.log(`test (RMFD's 30 test people, LFW's 128 people):\n  ${show(heldOut)}`);
const count = (source: string, masked: boolean, synthetic: boolean): number => known.filter((p) => p.source === source && p.masked === masked && p.synthetic === synthetic).length;
const trainedOn = `${known.length} photos: RMFD people outside bench:accuracy's test people (${count('rmfd', true, false)} real masked, ${count('rmfd', false, false)} unmasked, ${count('rmfd', true, true)} with a synthetic mask) and lfw-train-pool people (${count('lfw', false, false)} unmasked, ${count('lfw', true, true)} with a synthetic mask); l2 ${L2}; cutoff (${rule}) from ${MASK_FOLDS}-fold out-of-fold scores by person`;
const rates = { rmfdMasked: heldOut.rates.rmfdMasked, rmfdUnmasked: heldOut.rates.rmfdUnmasked, lfwUnmasked: heldOut.rates.lfwUnmasked };
await writeFileAtomic(resolve(values.out), JSON.stringify({ generatedBy: `bench/recognize-mask-candidate.ts --cutoff-rule ${rule}`, embedder, cutoff: chosen.cutoff, heldOutAccuracy: Math.min(rates.rmfdMasked, rates.lfwUnmasked), heldOut: rates, trainedOn, bias, weights }) + '\n');
console.log(`wrote ${resolve(values.out)}`);
