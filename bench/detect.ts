/**
 * Per-photo detection time of each face detector on this machine.
 *   node --import tsx bench/detect.ts [--repeat 3] [--quick]
 * --quick (what `npm run bench` passes): one run per photo.
 * Photos: the 5 TV group stills, the 10 press photos and 10 LFW photos (250x250). Each detector is
 * warmed up on one photo first; the time covers detection only (photos are decoded beforehand).
 */
import { cpus } from 'node:os';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DETECTOR_KINDS, loadDetector } from '../src/face/detectors.js';
import { decodeImage, isImagePath } from '../src/image/io.js';
import type { RgbImage } from '../src/image/types.js';

const { values } = parseArgs({ options: { repeat: { type: 'string', default: '3' }, quick: { type: 'boolean', default: false } } });
const repeat = values.quick ? 1 : Number(values.repeat);
const media = resolve('../shared/datasets/media');
const lfw = resolve('../shared/datasets/lfw');

const sets: Record<string, string[]> = {
  'tv group stills': [1, 2, 3, 4, 5].map((i) => join(media, 'tv', `bbt${i}.jpg`)),
  'press photos': readdirSync(join(media, 'press')).filter(isImagePath).sort().map((f) => join(media, 'press', f)),
  'lfw 250x250': readdirSync(lfw).sort().slice(0, 10).map((p) => join(lfw, p, `${p}_0001.jpg`)),
};
const images: Record<string, RgbImage[]> = {};
for (const [name, files] of Object.entries(sets)) images[name] = await Promise.all(files.map((f) => decodeImage(f)));

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; ${repeat} runs per photo`);
console.log('detector    photos            mean ms  median ms  faces');
for (const kind of DETECTOR_KINDS) {
  const detector = await loadDetector({ kind });
  await detector.detect(images['tv group stills']![0]!);
  for (const [name, list] of Object.entries(images)) {
    const times: number[] = [];
    let faces = 0;
    for (const image of list) {
      for (let r = 0; r < repeat; r++) {
        const start = performance.now();
        const found = await detector.detect(image);
        times.push(performance.now() - start);
        if (r === 0) faces += found.length;
      }
    }
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    console.log(`${kind.padEnd(11)} ${name.padEnd(17)} ${mean.toFixed(0).padStart(7)}  ${median(times).toFixed(0).padStart(9)}  ${String(faces).padStart(5)}`);
  }
  detector.dispose();
}
