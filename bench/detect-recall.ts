/**
 * Recall of the face detectors: the share of photos in which at least one face is found.
 *   node --import tsx bench/detect-recall.ts [--limit 500] [--detector mtcnn|retinaface|all]
 *                                            [--rmfd] [--no-lfw] [--pad 0.15] [--min-score 0.7] [--quick]
 * LFW: `limit` photos spread evenly over ../shared/datasets/lfw (sorted by path), each holding a
 * face. With --rmfd, also the unmasked RMFD subset photos (tight 160x160 face crops), the photos
 * the prepare face check sees; --pad adds the face check's black border (a fraction of the longer
 * side) to RMFD photos before detection, and --min-score applies the face check's threshold.
 * Detector defaults otherwise (MTCNN: thresholds 0.6/0.7/0.7, min face 20 px).
 * --quick (what `npm run bench` passes) checks 30 photos per set instead of `limit`.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DETECTOR_KINDS, isDetectorKind, loadDetector } from '../src/face/detectors.js';
import { padImage } from '../src/face/crop.js';
import { decodeImage, isImagePath } from '../src/image/io.js';

const { values } = parseArgs({ options: { limit: { type: 'string', default: '500' }, detector: { type: 'string', default: 'mtcnn' }, rmfd: { type: 'boolean', default: false }, 'no-lfw': { type: 'boolean', default: false }, pad: { type: 'string', default: '0' }, 'min-score': { type: 'string', default: '0' }, quick: { type: 'boolean', default: false } } });
const minScore = Number(values['min-score']);
const pad = Number(values.pad);
const limit = values.quick ? 30 : Number(values.limit);
const kinds = values.detector === 'all' ? [...DETECTOR_KINDS] : [values.detector!];
for (const k of kinds) if (!isDetectorKind(k)) throw new Error(`--detector: expected ${DETECTOR_KINDS.join(', ')} or all, received ${k}`);

function photosUnder(root: string): string[] {
  return readdirSync(root, { recursive: true }).map(String).filter(isImagePath).sort().map((f) => join(root, f));
}
const spread = (files: string[], n: number): string[] => (files.length <= n ? files : Array.from({ length: n }, (_, i) => files[Math.floor((i * files.length) / n)]!));

const sets: Record<string, string[]> = {};
if (!values['no-lfw']) sets[`lfw (${limit} photos)`] = spread(photosUnder(resolve('../shared/datasets/lfw')), limit);
if (values.rmfd) sets[`rmfd unmasked (${limit} photos, border ${pad})`] = spread(photosUnder(resolve('../shared/datasets/rmfd-subset/AFDB_face_dataset')), limit);

for (const kind of kinds) {
  const detector = await loadDetector({ kind: kind as (typeof DETECTOR_KINDS)[number] });
  for (const [name, files] of Object.entries(sets)) {
    const missed: string[] = [];
    const start = performance.now();
    for (const file of files) {
      const image = await decodeImage(file);
      const input = name.startsWith('rmfd') ? padImage(image, pad).image : image;
      if ((await detector.detect(input, { minScore })).length === 0) missed.push(file);
    }
    const seconds = (performance.now() - start) / 1000;
    const recall = (100 * (files.length - missed.length)) / files.length;
    console.log(`${kind} ${name}: recall ${recall.toFixed(1)} % (${files.length - missed.length}/${files.length}), ${((1000 * seconds) / files.length).toFixed(0)} ms/photo with decoding`);
    for (const m of missed.slice(0, 10)) console.log(`  missed ${m}`);
  }
  detector.dispose();
}
