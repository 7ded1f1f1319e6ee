/**
 * Makes the background cohort that `maskface train` (method lda) uses by default: feature vectors
 * (src/methods/lda-features.ts) of RMFD people who are neither the 30 test people nor the 30
 * development people of bench:accuracy, nor its strangers (the `projection` pool of
 * `loadBenchData(..., 'dev')`): 118 people, their masked and unmasked photos. They shape the PCA +
 * LDA projection, as the benchmarks' background people do; only vectors ship, no photo.
 *
 * `mask-robust-flip+arcface-mobilefacenet` reuses the shipped
 * `mask-robust-flip` cohort (same photos) and computes only the ArcFace part: faceres and dlib on 794 photos and 8 views take most of the time.
 *
 *   node --import tsx scripts/make-background.ts [--features mask-robust-flip+arcface-mobilefacenet] [--datasets ../shared/datasets]
 */
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadBenchData } from '../bench/accuracy-data.js';
import { writeFileAtomic } from '../src/image/io.js';
import { COHORT_FORMAT, type CohortFile, cohortPath, loadCohort } from '../src/methods/cohort/cohort.js';
import { encodeHalfBase64 } from '../src/methods/cohort/float16.js';
import { ARCFACE_FLIP_FEATURES, DEFAULT_LDA_FEATURES, LDA_FEATURES, type LdaFeaturesName, MASK_ROBUST_ARCFACE_FEATURES } from '../src/methods/lda-features.js';
import { MASK_ROBUST_NAME, MASK_ROBUST_PARTS } from '../src/methods/mask-robust-features.js';
import { embedLdaFeatures } from '../src/train/lda-model.js';

const { values } = parseArgs({ options: { datasets: { type: 'string', default: '../shared/datasets' }, features: { type: 'string', default: DEFAULT_LDA_FEATURES } } });
if (!(LDA_FEATURES as readonly string[]).includes(values.features)) throw new Error(`--features: expected one of ${LDA_FEATURES.join(', ')}`);
const features = values.features as LdaFeaturesName;
const datasets = resolve(values.datasets);
const data = await loadBenchData(datasets, 'dev');
const photos = data.projection.map((p) => ({ person: p.person, group: p.group, path: p.path }));
const labels = photos.map((p) => relative(datasets, p.path));
const progress = (name: string) => (done: number, total: number): boolean => process.stderr.write(`\r${name}: ${done}/${total}`);

/** A mask-robust + ArcFace feature set and its ArcFace part, whose mask-robust part is the shipped mask-robust cohort. */
const WITH_MASK_ROBUST: Partial<Record<LdaFeaturesName, LdaFeaturesName>> = {
  [MASK_ROBUST_ARCFACE_FEATURES]: ARCFACE_FLIP_FEATURES,
};

async function vectorsOf(name: LdaFeaturesName): Promise<{ flat: Float32Array; dimension: number }> {
  const arcfacePart = WITH_MASK_ROBUST[name];
  if (arcfacePart === undefined) {
    const { data: flat, dimension } = await embedLdaFeatures({ photos }, progress(name), name);
    return { flat, dimension };
  }
  const maskRobust = loadCohort(MASK_ROBUST_NAME);
  if (maskRobust === undefined || maskRobust.labels.join('\n') !== labels.join('\n')) throw new Error(`${cohortPath(MASK_ROBUST_NAME)}: missing or of other photos; make it first with --features ${MASK_ROBUST_NAME}`);
  const arcface = await vectorsOf(arcfacePart);
  const first = maskRobust.vectors[0]!.length;
  const dimension = first + arcface.dimension;
  const flat = new Float32Array(photos.length * dimension);
  // The cohort stores mask-robust vectors at unit length; the embedder gives four unit parts side by side (norm 2).
  const scale = Math.sqrt(MASK_ROBUST_PARTS.length);
  photos.forEach((_, i) => {
    flat.set(maskRobust.vectors[i]!.map((v) => v * scale), i * dimension);
    flat.set(arcface.flat.subarray(i * arcface.dimension, (i + 1) * arcface.dimension), i * dimension + first);
  });
  return { flat, dimension };
}

const { flat, dimension } = await vectorsOf(features);
process.stderr.write('\n');
const file: CohortFile = {
  format: COHORT_FORMAT, generatedBy: 'scripts/make-background.ts', encoder: features, dimension,
  source: 'Real-World Masked Face Dataset (RMFD, Wang et al. 2020, arXiv:2003.09093; Wuhan University, open to the public for research), '
    + `the ${new Set(photos.map((p) => p.person)).size} people of the rmfd-subset who are neither bench:accuracy's 30 test people, its 30 development people nor its strangers; only embedding vectors ship, no photo.`,
  photos: labels,
  people: photos.map((p) => p.person),
  vectors: encodeHalfBase64(flat),
};
await writeFileAtomic(cohortPath(features), `${JSON.stringify(file)}\n`);
console.log(`${cohortPath(features)}: ${photos.length} vectors of ${dimension} (${file.source})`);
