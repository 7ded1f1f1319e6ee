/**
 * `node --import tsx bench/detect-crops.ts [--set dev|test] [--detector mtcnn|retinaface]`: how
 * often a face is found on tight face crops, masked or not, as every photo path finds faces
 * (`detectFaces`: the photo, then the photo padded with black, then the whole photo when it is
 * shaped like a face crop). The crops are RMFD's photos of the accuracy benchmark's development
 * people (default) or, once choices are made, of its 30 test people. Prints one row per group: faces
 * found by each pass, and none.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { loadDetector } from '../src/face/detectors.js';
import { decodeImage } from '../src/image/io.js';
import { type FaceOrigin, detectFaces } from '../src/recognize/faces-in-photo.js';
import { loadBenchData } from './accuracy-data.js';

const opts = new Command()
  .option('--set <set>', 'dev (choices are made here) or test', 'dev')
  .option('--detector <kind>', 'mtcnn (the default of recognition commands) or retinaface', 'mtcnn')
  .option('--datasets <dir>', 'the shared datasets folder', '../shared/datasets')
  .option('--min-score <s>', 'detector score threshold (recognize uses 0.8)', '0.8')
  .parse()
  .opts<{ set: 'dev' | 'test'; detector: 'mtcnn' | 'retinaface'; datasets: string; minScore: string }>();

const data = await loadBenchData(resolve(opts.datasets), opts.set);
const detector = await loadDetector({ kind: opts.detector });
const counts = new Map<string, Record<FaceOrigin | 'none', number>>();
const started = performance.now();
try {
  for (const photo of data.enrolled) {
    const faces = await detectFaces(detector, await decodeImage(photo.path), Number(opts.minScore));
    const row = counts.get(photo.group) ?? { detector: 0, padded: 0, 'whole-photo': 0, none: 0 };
    row[faces[0]?.origin ?? 'none']++;
    counts.set(photo.group, row);
  }
} finally {
  detector.dispose();
}
const seconds = (performance.now() - started) / 1000;
console.log(`# Faces found on RMFD tight crops (${opts.set} people, ${data.enrolled.length} photos, ${opts.detector}, min score ${opts.minScore}; ${seconds.toFixed(0)} s)\n`);
console.log('| photos | on the photo | padded with black | whole photo as the face | none | found % |\n|---|---|---|---|---|---|');
for (const [group, r] of counts) {
  const total = r.detector + r.padded + r['whole-photo'] + r.none;
  console.log(`| ${group} (${total}) | ${r.detector} | ${r.padded} | ${r['whole-photo']} | ${r.none} | ${((100 * (total - r.none)) / total).toFixed(1)} |`);
}
