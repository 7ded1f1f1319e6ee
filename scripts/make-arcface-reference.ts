/**
 * Makes test/fixtures/arcface-mobilefacenet-reference.json: the vector that `fr_feature.onnx` gives
 * one LFW photo when fed the reference way, written here independently of maskface's code:
 * InsightFace's `norm_crop` (a least-squares similarity from RetinaFace's five landmarks onto
 * ArcFace's 112x112 template, as scikit-image's SimilarityTransform estimates it, then OpenCV's
 * `warpAffine`, bilinear, black outside), then the package's own scaling (faceplugin-face-recognition-js
 * 0.0.1, lib/fr_feature.js: RGB as (x - 127) / 128, NCHW). The landmarks are stored with the vector,
 * so the test feeds maskface's path (`alignFace`, `arcface-mobilefacenet`) the same face.
 *
 * The package's browser demo warps with a three-point affine (eyes and nose, `getAffineTransform`)
 * instead, which shears a face turned away; the network's template is ArcFace's five-point one, so
 * five points it is. The script also prints the cosine of maskface's own path to the reference, the
 * figure the test's tolerance and docs/models.md state.
 *
 *   node --import tsx scripts/make-arcface-reference.ts [--datasets ../shared/datasets]
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { loadDetector } from '../src/face/index.js';
import type { Point } from '../src/face/types.js';
import { alignFace } from '../src/face/align.js';
import { decodeImage, writeFileAtomic } from '../src/image/io.js';
import { dot, l2Normalize } from '../src/methods/similarity.js';
import type { RgbImage } from '../src/image/types.js';
import { defaultArcfaceMobilefacenetPath, load as loadArcfaceMobilefacenet } from '../src/models/arcface-mobilefacenet/index.js';

/** InsightFace's arcface_dst (insightface/utils/face_align.py). */
const ARCFACE_DST = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
] as const;
export const REFERENCE_PHOTO = 'lfw/Adrien_Brody/Adrien_Brody_0001.jpg';

/** skimage SimilarityTransform.estimate (Umeyama 1991) as a 2x3 matrix [a -b tx; b a ty]. */
function similarityMatrix(src: readonly Point[]): number[] {
  const n = src.length;
  const sx = src.reduce((s, p) => s + p.x, 0) / n;
  const sy = src.reduce((s, p) => s + p.y, 0) / n;
  const dx = ARCFACE_DST.reduce((s, p) => s + p[0], 0) / n;
  const dy = ARCFACE_DST.reduce((s, p) => s + p[1], 0) / n;
  let sxx = 0, sxy = 0, var_ = 0;
  src.forEach((p, i) => {
    const [u, v] = [p.x - sx, p.y - sy];
    const [x, y] = [ARCFACE_DST[i]![0] - dx, ARCFACE_DST[i]![1] - dy];
    sxx += u * x + v * y;
    sxy += u * y - v * x;
    var_ += u * u + v * v;
  });
  const a = sxx / var_;
  const b = sxy / var_;
  return [a, -b, dx - (a * sx - b * sy), b, a, dy - (b * sx + a * sy)];
}

/** cv.warpAffine with INTER_LINEAR and a black constant border: each output pixel samples the inverse map. */
function warpAffine(image: RgbImage, m: readonly number[], size: number): RgbImage {
  const [a, b, c, d, e, f] = m as [number, number, number, number, number, number];
  const det = a * e - b * d;
  const [ia, ib, id, ie] = [e / det, -b / det, -d / det, a / det];
  const out = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sx = ia * (x - c) + ib * (y - f);
      const sy = id * (x - c) + ie * (y - f);
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      for (let ch = 0; ch < 3; ch++) {
        let sum = 0;
        for (let k = 0; k < 4; k++) {
          const px = x0 + (k & 1);
          const py = y0 + (k >> 1);
          if (px < 0 || py < 0 || px >= image.width || py >= image.height) continue;
          sum += ((k & 1) === 1 ? sx - x0 : 1 - (sx - x0)) * ((k >> 1) === 1 ? sy - y0 : 1 - (sy - y0)) * image.data[(py * image.width + px) * 3 + ch]!;
        }
        out[(y * size + x) * 3 + ch] = Math.round(sum);
      }
    }
  }
  return { width: size, height: size, data: out };
}

const { values } = parseArgs({ options: { datasets: { type: 'string', default: '../shared/datasets' } } });
const image = await decodeImage(join(resolve(values.datasets), REFERENCE_PHOTO));
const detector = await loadDetector({ kind: 'retinaface' });
const [face] = await detector.detect(image, { maxFaces: 1 });
detector.dispose();
if (face?.landmarks5?.length !== 5) throw new Error(`${REFERENCE_PHOTO}: RetinaFace found no face with five landmarks`);
const chip = warpAffine(image, similarityMatrix(face.landmarks5), 112);
const input = new Float32Array(3 * 112 * 112);
for (let i = 0; i < 112 * 112; i++) for (let c = 0; c < 3; c++) input[c * 112 * 112 + i] = (chip.data[3 * i + c]! - 127) / 128;
const session = await ort.InferenceSession.create(defaultArcfaceMobilefacenetPath());
const output = await session.run({ input: new ort.Tensor('float32', input, [1, 3, 112, 112]) });
const vector = Array.from(output.output!.data as Float32Array, (v) => Number(v.toPrecision(7)));
const out = resolve('test/fixtures/arcface-mobilefacenet-reference.json');
await writeFileAtomic(
  out,
  `${JSON.stringify({ generatedBy: 'node --import tsx scripts/make-arcface-reference.ts (do not edit)', photo: REFERENCE_PHOTO, landmarks5: face.landmarks5.map((p) => ({ x: Number(p.x.toFixed(3)), y: Number(p.y.toFixed(3)) })), vector }, null, 0)}\n`,
);
console.log(`${out}: ${vector.length}-D reference vector of ${REFERENCE_PHOTO}`);
const ours = await loadArcfaceMobilefacenet();
const cosine = dot(l2Normalize(await ours.embed(alignFace(image, face.landmarks5, 112))), l2Normalize(Float32Array.from(vector)));
ours.dispose();
console.log(`maskface's path (alignFace + arcface-mobilefacenet) on the same landmarks: cosine ${cosine.toFixed(4)} to the reference`);
