/**
 * Balancing and augmentation benchmark (issue 5): SMOTE over 9,000 random "photos" of
 * 160x160x3 = 76,800 values in 30 unbalanced classes (100 to 500 photos each), with its time and
 * the process's peak RSS; then augmentation time per 160x160 photo.
 *   node --import tsx bench/balance.ts            full size
 *   node --import tsx bench/balance.ts --small    900 photos in 10 classes (seconds)
 */
import { countByLabel } from '../src/balance/balance.js';
import { createRng } from '../src/balance/random.js';
import { smote } from '../src/balance/smote.js';
import type { Samples } from '../src/balance/types.js';
import { augmentBatch, FACE_AUGMENTATION } from '../src/image/augment.js';
import type { RgbImage } from '../src/image/types.js';

const small = process.argv.includes('--small');
const CLASSES = small ? 10 : 30;
const MEAN_CLASS = small ? 90 : 300;
const SIDE = 160;
const ROW = SIDE * SIDE * 3;
const AUGMENT_PHOTOS = small ? 50 : 300;

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const peakRss = (): string => mb(process.resourceUsage().maxRSS * 1024);

// Class sizes rise linearly from a third to five thirds of the mean: the largest is 5x the smallest.
const sizes = Array.from({ length: CLASSES }, (_, c) => Math.round(MEAN_CLASS * (1 / 3 + (4 / 3) * (c / (CLASSES - 1)))));
const labels = new Int32Array(sizes.reduce((a, b) => a + b, 0));
let r = 0;
sizes.forEach((size, c) => labels.fill(c, r, (r += size)));

// Random bytes, 32 bits at a time from the seeded generator (one call per value would take seconds).
const data = new Uint8Array(labels.length * ROW);
const words = new Uint32Array(data.buffer);
const rng = createRng(1);
for (let i = 0; i < words.length; i++) words[i] = rng.next() * 4294967296;
const samples: Samples<Uint8Array> = { data, rowLength: ROW, labels };
console.log(`machine: ${process.arch}, node ${process.version}; input ${labels.length} photos of ${ROW} values (${mb(data.byteLength)}), ${CLASSES} classes of ${sizes[0]}..${sizes.at(-1)}`);
console.log(`peak RSS after making the input: ${peakRss()}`);

const t0 = performance.now();
const smoteCpu0 = process.cpuUsage();
const result = smote(samples, { k: 5, seed: 42 });
const seconds = (performance.now() - t0) / 1000;
const smoteCpu = process.cpuUsage(smoteCpu0);
const after = countByLabel([...labels, ...result.synthetic.labels]);
console.log(`SMOTE k=5: ${result.synthetic.count} new photos (${mb(result.synthetic.data.byteLength)}) in ${seconds.toFixed(1)} s wall, ${((smoteCpu.user + smoteCpu.system) / 1e6).toFixed(1)} s CPU; classes now ${Math.min(...after.values())}..${Math.max(...after.values())}`);
console.log(`peak RSS after SMOTE: ${peakRss()}`);

const face: RgbImage = { width: SIDE, height: SIDE, data: data.subarray(0, ROW) };
const augRng = createRng(7);
augmentBatch([face, face, face, face, face], FACE_AUGMENTATION, augRng);
const cpu0 = process.cpuUsage();
const w0 = performance.now();
augmentBatch(Array<RgbImage>(AUGMENT_PHOTOS).fill(face), FACE_AUGMENTATION, augRng);
const wall = (performance.now() - w0) / AUGMENT_PHOTOS;
const cpu = process.cpuUsage(cpu0);
console.log(`augmentation (FACE_AUGMENTATION, 160x160): ${((cpu.user + cpu.system) / 1000 / AUGMENT_PHOTOS).toFixed(2)} ms CPU per photo, ${wall.toFixed(2)} ms wall, over ${AUGMENT_PHOTOS} photos`);
