/**
 * Makes test/fixtures/faceres-human-reference.json: the descriptor faceres gives one LFW face when
 * fed the way @vladmandic/human 3.3 feeds it, written here with TensorFlow.js's own ops as human's
 * source does, independently of maskface's crop code: the detector box enlarged 1.4x and made square
 * with rounded corners (face/blazeface.ts `enlargeBox`, `squarifyBox`; no roll: human's default
 * `face.detector.rotation` is false), `tf.image.cropAndResize` to 192 x 192 / 255 (facemeshutil.ts
 * `cutAndResize`), `resizeBilinear` to 224 x 224 x 255 (faceres.ts `enhance`), then the TF.js graph,
 * run by TensorFlow.js, read at `global_pooling/Mean`. human finds the box with BlazeFace; here the
 * box is MTCNN's (maskface's default detector), stored with the vector so that the test feeds the same box.
 *
 * It also prints how far maskface's own faceres chip (MTCNN box x 1.15, eyes levelled, sampled
 * straight to 224 px, rounded to 8 bits) is from human's feeding, on this face and on the first
 * photo of `--people` LFW people: the figures docs/models.md quotes.
 *
 *   node --import tsx scripts/make-faceres-human-reference.ts [--datasets ../shared/datasets] [--people 40]
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Tensor } from '@tensorflow/tfjs';
import { getTf } from '../src/engine/tf.js';
import { loadDetector } from '../src/face/index.js';
import type { Box, RgbImage } from '../src/image/types.js';
import { decodeImage, writeFileAtomic } from '../src/image/io.js';
import { cropFaceChip } from '../src/methods/face-crop.js';
import { dot, l2Normalize } from '../src/methods/similarity.js';
import { loadGraphModelFromFile } from '../src/models/load-graph-model.js';
import { FACERES_INPUT_SIZE, defaultFaceresModelPath, faceresInput, humanFaceresInput, load as loadFaceres } from '../src/models/faceres/index.js';
import { DEFAULT_CROPS } from '../src/recognize/face-encoder.js';
import { FACERES_UPPER_ARCFACE_NAME } from '../src/recognize/embedder-names.js';

export const REFERENCE_PHOTO = 'lfw/Adrien_Brody/Adrien_Brody_0001.jpg';
const OUT = 'test/fixtures/faceres-human-reference.json';
/** human's `config.face.detector.scale` and facemesh's input side. */
const HUMAN_BOX_SCALE = 1.4;
const HUMAN_FACE_SIZE = 192;

const { values } = parseArgs({ options: { datasets: { type: 'string', default: '../shared/datasets' }, people: { type: 'string', default: '40' } } });
const datasets = resolve(values.datasets);
const tf = await getTf();
const graph = await loadGraphModelFromFile(defaultFaceresModelPath());
const detector = await loadDetector({ kind: 'mtcnn' });
const faceres = await loadFaceres();

/** human's crop and resizes in TensorFlow.js, then the graph: the reference. */
function humanWay(image: RgbImage, box: Box): Float32Array {
  return tf.tidy(() => {
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const half = (HUMAN_BOX_SCALE * Math.max(box.width, box.height)) / 2;
    const [x1, y1, x2, y2] = [Math.round(cx - half), Math.round(cy - half), Math.round(cx + half), Math.round(cy + half)];
    const input = tf.tensor4d(Float32Array.from(image.data), [1, image.height, image.width, 3]);
    const cut = tf.div(tf.image.cropAndResize(input, [[y1 / image.height, x1 / image.width, y2 / image.height, x2 / image.width]], [0], [HUMAN_FACE_SIZE, HUMAN_FACE_SIZE]), 255);
    const enhanced = tf.mul(tf.image.resizeBilinear(cut as Tensor as never, [FACERES_INPUT_SIZE, FACERES_INPUT_SIZE], false), 255);
    return (graph.execute(enhanced, 'global_pooling/Mean') as Tensor).dataSync() as Float32Array;
  });
}

const cosine = (a: Float32Array, b: Float32Array): number => dot(l2Normalize(a), l2Normalize(b));

async function compare(image: RgbImage, box: Box, face: Parameters<typeof cropFaceChip>[1]): Promise<{ reference: Float32Array; ours: number; mine: number }> {
  const reference = humanWay(image, box);
  const ours = cosine(await faceres.embedPlanes(humanFaceresInput(image, box)), reference);
  const chip = cropFaceChip(image, face, { ...DEFAULT_CROPS[FACERES_UPPER_ARCFACE_NAME], upper: undefined, fuse: undefined });
  const mine = cosine(await faceres.embedPlanes(faceresInput(chip)), reference);
  return { reference, ours, mine };
}

const image = await decodeImage(join(datasets, REFERENCE_PHOTO));
const [face] = await detector.detect(image, { maxFaces: 1 });
if (face === undefined) throw new Error(`no face in ${REFERENCE_PHOTO}`);
const round = (v: number): number => Math.round(v * 1000) / 1000;
const box = { x: round(face.box.x), y: round(face.box.y), width: round(face.box.width), height: round(face.box.height) };
const { reference, ours, mine } = await compare(image, box, { ...face, box });
await writeFileAtomic(
  OUT,
  `${JSON.stringify({ generatedBy: 'node --import tsx scripts/make-faceres-human-reference.ts (do not edit)', photo: REFERENCE_PHOTO, box, vector: Array.from(reference, (v) => Number(v.toPrecision(7))) })}\n`,
);
console.log(`${OUT}: ${reference.length}-D reference descriptor of ${REFERENCE_PHOTO} (MTCNN box ${JSON.stringify(box)})`);
console.log(`maskface's human-way input (humanFaceresInput + faceres in onnxruntime): cosine ${ours.toFixed(6)} to the reference`);
console.log(`maskface's own faceres chip (x1.15, eyes levelled, 224 px, 8 bits): cosine ${mine.toFixed(4)} to the reference`);

const people = readdirSync(join(datasets, 'lfw')).sort().slice(0, Number(values.people));
const own: number[] = [];
const same: number[] = [];
for (const person of people) {
  const file = readdirSync(join(datasets, 'lfw', person)).sort()[0]!;
  const photo = await decodeImage(join(datasets, 'lfw', person, file));
  const [found] = await detector.detect(photo, { maxFaces: 1 });
  if (found === undefined) continue;
  const r = await compare(photo, found.box, found);
  same.push(r.ours);
  own.push(r.mine);
}
const stats = (xs: number[]): string => `median ${[...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(4)}, min ${Math.min(...xs).toFixed(4)}, max ${Math.max(...xs).toFixed(4)}`;
console.log(`first photo of ${own.length} LFW people: maskface's chip vs human's feeding, cosine ${stats(own)}; humanFaceresInput vs the tfjs reference, cosine ${stats(same)}`);
detector.dispose();
faceres.dispose();
graph.dispose();
