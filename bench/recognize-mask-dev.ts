/**
 * The mask classifier's training recipes compared without the test people (issue 26): five-fold
 * cross-validation by person over the train and development people of bench/mask-classifier-data.ts
 * (RMFD people outside bench:accuracy's 30 test people, lfw-train-pool people). The development
 * people alone (148 masked, 342 unmasked photos) were too easy to tell recipes apart: the shipped
 * classifier erred on 1 of them at 0.5. Each recipe is a choice of training photos and an L2
 * penalty; each fold trains on the other folds' people (their recipe photos) and scores its own
 * people's real photos (every unmasked RMFD photo, real masks, one unmasked LFW photo per person).
 * Prints, per recipe, the out-of-fold rates at 0.5 and at the cutoff rules of
 * bench/mask-classifier-cutoff.ts. The preferred recipe is bench/recognize-mask-candidate.ts's.
 *
 *   node --import tsx bench/recognize-mask-dev.ts [faceres]
 *
 * Reads the vectors cached by the train script (.cache/mask-classifier/); photos missing there are
 * embedded first (about 1,600 beyond the shipped recipe's: minutes).
 */
import { resolve } from 'node:path';
import { createMaskClassifier, trainLogistic } from '../src/recognize/mask-classifier.js';
import { type MaskDataOptions, type MaskPhoto, maskClassifierPhotos } from './mask-classifier-data.js';
import { maskFeatures, photoKey } from './mask-classifier-features.js';
import { cutoffRules, foldOf, MASK_FOLDS, type RatesAt, ratesAt } from './mask-classifier-cutoff.js';

const embedder = process.argv[2] ?? 'faceres';
const datasets = resolve('../shared/datasets');

/** The largest photo set every recipe below draws from (its LFW people are all scored out of fold). */
const ALL: MaskDataOptions = { lfwTrainPeople: 1000, lfwSyntheticPeople: 600, rmfdUnmaskedPerPerson: 5, rmfdSyntheticPerPerson: 1 };
const RECIPES: ReadonlyArray<{ name: string; data: MaskDataOptions }> = [
  { name: 'shipped photos (500 LFW, 200 synthetic, 2 RMFD unmasked per person)', data: { lfwTrainPeople: 500, lfwSyntheticPeople: 200, rmfdUnmaskedPerPerson: 2 } },
  { name: 'all 5 RMFD unmasked per person', data: { lfwTrainPeople: 500, lfwSyntheticPeople: 200, rmfdUnmaskedPerPerson: 5 } },
  { name: '5 RMFD unmasked + 1 RMFD synthetic mask per person', data: { lfwTrainPeople: 500, lfwSyntheticPeople: 200, rmfdUnmaskedPerPerson: 5, rmfdSyntheticPerPerson: 1 } },
  { name: '5 RMFD unmasked + 1 synthetic, 1000 LFW, 600 synthetic', data: ALL },
];
const L2_GRID = [1e-5, 1e-4];

const pool = (await maskClassifierPhotos(datasets, ALL)).filter((p) => p.split !== 'test');
const vectors = await maskFeatures(pool, embedder, resolve('.cache/mask-classifier'), console.log);
const vectorOf = (p: MaskPhoto): Float32Array => vectors.get(photoKey(p))!;
const scored = pool.filter((p) => !p.synthetic);
const show = (r: RatesAt): string => `cutoff ${r.cutoff.toFixed(3)}: RMFD masked ${r.rmfdMasked}, RMFD unmasked ${r.rmfdUnmasked}, LFW unmasked ${r.lfwUnmasked}`;

for (const recipe of RECIPES) {
  const recipeKeys = new Set((await maskClassifierPhotos(datasets, recipe.data)).filter((p) => p.split === 'train').map(photoKey));
  // Development people keep all their photos; they were never thinned.
  const trainable = pool.filter((p) => p.split === 'dev' || recipeKeys.has(photoKey(p)));
  for (const l2 of L2_GRID) {
    const outOfFold = new Map<MaskPhoto, number>();
    for (let fold = 0; fold < MASK_FOLDS; fold++) {
      const train = trainable.filter((p) => foldOf(p.person) !== fold);
      const { weights, bias } = trainLogistic(train.map(vectorOf), train.map((p) => p.masked), { epochs: 600, learningRate: 20, l2 });
      const classifier = createMaskClassifier({ embedder, weights, bias, cutoff: 0.5, heldOutAccuracy: 0, trainedOn: '' });
      for (const p of scored) if (foldOf(p.person) === fold) outOfFold.set(p, classifier.classify(vectorOf(p)).probability);
    }
    const scores = [...outOfFold].map(([photo, probability]) => ({ photo, probability }));
    const rules = cutoffRules(scores);
    console.log(`${recipe.name}, l2 ${l2} (${trainable.length} photos):\n  at 0.5 ${show(ratesAt(scores, 0.5))}\n  sure ${show(rules.sure)}\n  balanced ${show(rules.balanced)}\n  centred ${show(rules.centred)}`);
  }
}
