/**
 * Writes the reference fixture for src/face/landmarks68's test: face-api's own FaceLandmark68Net
 * (its node-wasm build, the code our reimplementation must match) on one LFW photo and face box.
 *
 *   node --import tsx bench/mask-landmarks-reference.ts > test/fixtures/landmarks68-reference.json
 */
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import sharp from 'sharp';
import type * as Tfjs from '@tensorflow/tfjs';
import type * as TfjsWasm from '@tensorflow/tfjs-backend-wasm';

interface FaceApi {
  nets: { faceLandmark68Net: { loadFromDisk(dir: string): Promise<void>; detectLandmarks(input: unknown): Promise<{ positions: { x: number; y: number }[] }> } };
}

const PHOTO = 'lfw/Angelina_Jolie/Angelina_Jolie_0001.jpg';
/** The MTCNN box of this photo, rounded to whole pixels (face-api crops whole pixels). */
const BOX = { x: 67, y: 61, width: 96, height: 130 };

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs') as typeof Tfjs;
const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof TfjsWasm;
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;

wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
await tf.setBackend('wasm');
await faceapi.nets.faceLandmark68Net.loadFromDisk(join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model'));
const { data, info } = await sharp(resolve('../shared/datasets', PHOTO)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
const crop = tf.tidy(() =>
  tf.tensor3d(new Uint8Array(data), [info.height, info.width, 3], 'int32').slice([BOX.y, BOX.x, 0], [BOX.height, BOX.width, 3]),
);
const { positions } = await faceapi.nets.faceLandmark68Net.detectLandmarks(crop);
const points = positions.map((p) => [Number((p.x + BOX.x).toFixed(3)), Number((p.y + BOX.y).toFixed(3))]);
console.log(JSON.stringify({ generatedBy: 'bench/mask-landmarks-reference.ts (face-api 1.7 FaceLandmark68Net, wasm)', photo: PHOTO, box: BOX, points }));
