/**
 * Time per face of each network and of whole gallery encoders, side by side in one run (issue 23):
 * the detectors (MTCNN, RetinaFace) on the photo, each network on one chip, and each encoder's
 * `encode` (every view, mirror and fused network it has). Photos are LFW faces decoded beforehand;
 * every step is warmed up once, then timed on each photo; medians in milliseconds.
 *
 *   node --import tsx bench/encoders.ts [--photos 20] [--encoders arcface-mobilefacenet,faceres+upper+dlib-resnet34+mobileface]
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDetector } from '../src/face/index.js';
import type { FaceDetection } from '../src/face/types.js';
import { decodeImage } from '../src/image/io.js';
import type { RgbImage } from '../src/image/types.js';
import { cropFaceChip } from '../src/methods/face-crop.js';
import { DEFAULT_CROPS, loadFaceEncoder } from '../src/recognize/face-encoder.js';
import { DEFAULT_EMBEDDER, type EmbedderName } from '../src/recognize/embedder-names.js';

/** The encoder before issue 23, measured beside the default. */
const PREVIOUS_DEFAULT = 'faceres+upper+dlib-resnet34+mobileface';
const { values } = parseArgs({ options: {
  photos: { type: 'string', default: '20' },
  encoders: { type: 'string', default: [...new Set([DEFAULT_EMBEDDER, PREVIOUS_DEFAULT])].join(',') },
  datasets: { type: 'string', default: '../shared/datasets' },
} });
const LFW = resolve(values.datasets, 'lfw');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(label: string, items: number, run: (i: number) => Promise<unknown>): Promise<void> {
  await run(0);
  const times: number[] = [];
  for (let i = 0; i < items; i++) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  console.log(`| ${label} | ${median(times).toFixed(1)} |`);
}

const people = readdirSync(LFW).sort().slice(0, Number(values.photos));
const photos: RgbImage[] = [];
for (const person of people) photos.push(await decodeImage(join(LFW, person, readdirSync(join(LFW, person)).sort()[0]!)));
console.log(`# Time per face, ${photos.length} LFW photos (250x250), median ms, one process\n`);
console.log('| step | ms |\n|---|---|');
const faces: FaceDetection[] = [];
for (const kind of ['mtcnn', 'retinaface'] as const) {
  const detector = await loadDetector({ kind });
  try {
    await timed(`${kind}, detect on the photo`, photos.length, async (i) => {
      const [face] = await detector.detect(photos[i]!, { maxFaces: 1 });
      if (kind === 'mtcnn' && face !== undefined) faces[i] = face;
    });
  } finally {
    detector.dispose();
  }
}
const found = photos.map((p, i) => ({ photo: p, face: faces[i] })).filter((x): x is { photo: RgbImage; face: FaceDetection } => x.face !== undefined);
for (const name of values.encoders.split(',')) {
  const encoder = await loadFaceEncoder(name);
  try {
    const nets = [encoder.embedder, ...(encoder.fused ?? [])];
    for (const net of nets) {
      const crop = net === encoder.embedder ? encoder.crop : { ...DEFAULT_CROPS[net.name as EmbedderName], flip: false, upper: undefined, fuse: undefined };
      const chips = found.map((f) => cropFaceChip(f.photo, f.face, crop));
      await timed(`${net.name}, one chip`, chips.length, (i) => net.embed(chips[i]!));
    }
    await timed(`**encoder ${name}** (every view, mirror and network)`, found.length, (i) => encoder.encode(found[i]!.photo, found[i]!.face));
  } finally {
    encoder.dispose();
  }
}
