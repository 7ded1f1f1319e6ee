/**
 * `node --import tsx bench/accuracy-diagnose.ts`: how well the backbones tell people apart at all,
 * without masks: leave-one-out cosine 1-nearest-neighbour over unmasked photos of RMFD's 30 people
 * and of the 30 LFW people of the synthetic-mask benchmark (their unmasked half). Reads the
 * embeddings `bench:accuracy` cached; run that first.
 */
import { resolve } from 'node:path';
import { fuseParts, MASK_ROBUST_PARTS } from '../src/methods/mask-robust-features.js';
import type { ViewName } from '../src/methods/face-views.js';
import { dot, unit } from '../src/methods/vectors.js';
import { type BenchPhoto, loadBenchData, loadLfwSyntheticData } from './accuracy-data.js';
import { FeatureCache } from './accuracy-features.js';

const datasets = resolve(process.argv[2] ?? '../shared/datasets');
const cache = new FeatureCache(resolve('.cache/accuracy'));
const sets: ReadonlyArray<readonly [string, readonly BenchPhoto[]]> = [
  ['RMFD, 30 people', (await loadBenchData(datasets)).enrolled.filter((p) => p.group === 'unmasked')],
  ['LFW, 30 people', (await loadLfwSyntheticData(datasets)).filter((p) => p.group === 'unmasked')],
];
const features: ReadonlyArray<readonly [string, ReadonlyArray<{ readonly embedder: string; readonly view: ViewName }>]> = [
  ['faceres, whole face', [{ embedder: 'faceres', view: 'full' }]],
  ['dlib ResNet-34, whole face', [{ embedder: 'dlib-resnet34', view: 'full' }]],
  ['faceres, upper face', [{ embedder: 'faceres', view: 'upper' }]],
  ['mask-robust (all four)', MASK_ROBUST_PARTS],
];

console.log('| unmasked photos | feature | photos | leave-one-out 1-NN top-1 % |');
console.log('|---|---|---|---|');
for (const [setName, photos] of sets) {
  for (const [featureName, parts] of features) {
    const vectors: Float32Array[] = [];
    for (const p of photos) {
      const pieces: Float32Array[] = [];
      for (const part of parts) {
        const v = await cache.get(p, part.embedder, part.view);
        if (v === undefined) throw new Error(`${p.path}: no cached ${part.embedder}/${part.view} embedding; run npm run bench:accuracy first`);
        pieces.push(v);
      }
      vectors.push(unit(fuseParts(pieces)));
    }
    let right = 0;
    vectors.forEach((v, i) => {
      let best = -Infinity;
      let who = '';
      vectors.forEach((w, j) => {
        if (i === j) return;
        const s = dot(v, w);
        if (s > best) [best, who] = [s, photos[j]!.person];
      });
      if (who === photos[i]!.person) right++;
    });
    console.log(`| ${setName} | ${featureName} | ${photos.length} | ${((100 * right) / photos.length).toFixed(1)} |`);
  }
}
