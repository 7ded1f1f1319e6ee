/**
 * Makes the background cohort that `maskface train` (method lda) uses by default: mask-robust
 * vectors of RMFD people who are neither the 30 test people nor the 30 development people of
 * bench:accuracy, nor its strangers (the `projection` pool of `loadBenchData(..., 'dev')`): 118
 * people, their masked and unmasked photos. They shape the PCA + LDA projection, as the benchmarks'
 * background people do; only vectors ship, no photo.
 *
 *   node --import tsx scripts/make-background.ts [--datasets ../shared/datasets]
 */
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadBenchData } from '../bench/accuracy-data.js';
import { writeFileAtomic } from '../src/image/io.js';
import { COHORT_FORMAT, type CohortFile, cohortPath } from '../src/methods/cohort/cohort.js';
import { encodeHalfBase64 } from '../src/methods/cohort/float16.js';
import { MASK_ROBUST_NAME } from '../src/methods/mask-robust-features.js';
import { embedMaskRobust } from '../src/train/lda-model.js';

const { values } = parseArgs({ options: { datasets: { type: 'string', default: '../shared/datasets' } } });
const datasets = resolve(values.datasets);
const data = await loadBenchData(datasets, 'dev');
const photos = data.projection.map((p) => ({ person: p.person, group: p.group, path: p.path }));
const { data: flat, dimension } = await embedMaskRobust({ photos }, (done, total) => process.stderr.write(`\r${MASK_ROBUST_NAME}: ${done}/${total}`));
process.stderr.write('\n');
const file: CohortFile = {
  format: COHORT_FORMAT, generatedBy: 'scripts/make-background.ts', encoder: MASK_ROBUST_NAME, dimension,
  source: 'Real-World Masked Face Dataset (RMFD, Wang et al. 2020, arXiv:2003.09093; Wuhan University, open to the public for research), '
    + `the ${new Set(photos.map((p) => p.person)).size} people of the rmfd-subset who are neither bench:accuracy's 30 test people, its 30 development people nor its strangers; only embedding vectors ship, no photo.`,
  photos: photos.map((p) => relative(datasets, p.path)),
  people: photos.map((p) => p.person),
  vectors: encodeHalfBase64(flat),
};
await writeFileAtomic(cohortPath(MASK_ROBUST_NAME), `${JSON.stringify(file)}\n`);
console.log(`${cohortPath(MASK_ROBUST_NAME)}: ${photos.length} vectors of ${dimension} (${file.source})`);
