/**
 * HSE FaceRes (Savchenko) as the `faceres` embedder: a MobileNet trained for face identification,
 * age and gender; its 1024-D global-pooling output is the face descriptor human uses for matching.
 * The TF.js graph human ships is rewritten as ONNX when it loads (src/engine/onnx/tfjs-graph.ts) and
 * run by onnxruntime-node: about 7x faster than tfjs-wasm here (issue 25), with the same vectors
 * (cosine > 0.9999 on real faces, faceres.test.ts), so galleries, cohorts and caches stay valid.
 */
import type * as OrtModule from 'onnxruntime-node';
import { encodeModel } from '../../engine/onnx/protobuf.js';
import { type TfjsGraphModel, tfjsGraphToOnnx } from '../../engine/onnx/tfjs-graph.js';
import { MaskfaceError, invalidArgument, modelNotLoaded } from '../../errors.js';
import type { RgbImage } from '../../image/types.js';
import type { Embedder } from '../types.js';
import { readGraphModelFiles } from '../read-graph-model.js';
import { FACERES_DESCRIPTOR_NODE, FACERES_DIMENSION, FACERES_INPUT_SIZE, FACERES_NAME, defaultFaceresModelPath } from './constants.js';
import { faceresInput } from './faceres-input.js';

type Ort = typeof OrtModule;
type Session = Awaited<ReturnType<Ort['InferenceSession']['create']>>;

/** Load-time configuration. */
export interface FaceresConfig {
  /** Path of faceres.json; default: the copy inside `@vladmandic/human`. */
  readonly modelPath?: string;
  /** CPU threads onnxruntime may use for one face; default 1 (enrolment and recognition run one network at a time, the detector beside it). */
  readonly threads?: number;
}

export interface ResolvedFaceresConfig {
  readonly modelPath: string;
  readonly threads: number;
}

export function resolveFaceresConfig(config: FaceresConfig = {}): ResolvedFaceresConfig {
  return Object.freeze({ modelPath: config.modelPath ?? defaultFaceresModelPath(), threads: config.threads ?? 1 });
}

/** human feeds faceres values 0..255 resized bilinearly (faceres.ts `enhance`: resize then x255 of a 0..1 crop). */
export class FaceresEmbedder implements Embedder {
  readonly name = FACERES_NAME;
  readonly dimension = FACERES_DIMENSION;
  private session: Session | undefined;
  private readonly ort: Ort;

  constructor(ort: Ort, session: Session) {
    this.ort = ort;
    this.session = session;
  }

  async embed(face: RgbImage): Promise<Float32Array> {
    if (face.width < 1 || face.height < 1) throw invalidArgument(`${FACERES_NAME} face crop`, 'a non-empty image', `${face.width}x${face.height}`);
    return this.embedPlanes(faceresInput(face));
  }

  /** The descriptor of an input already laid out as the graph takes it: [3, 224, 224] float values 0..255, RGB planes. */
  async embedPlanes(planes: Float32Array): Promise<Float32Array> {
    const { session } = this;
    if (session === undefined) throw modelNotLoaded(FACERES_NAME);
    const size = FACERES_INPUT_SIZE;
    if (planes.length !== 3 * size * size) throw invalidArgument(`${FACERES_NAME} input`, `3 x ${size} x ${size} values`, planes.length);
    const feeds = { [session.inputNames[0]!]: new this.ort.Tensor('float32', planes, [1, 3, size, size]) };
    const output = (await session.run(feeds))[session.outputNames[0]!]!;
    const values = Float32Array.from(output.data as Float32Array);
    output.dispose();
    return values;
  }

  dispose(): void {
    void this.session?.release();
    this.session = undefined;
  }
}

/** The ONNX model of the graph's descriptor (age and gender heads left out: nothing here reads them). */
export async function faceresOnnxModel(modelPath: string): Promise<Uint8Array> {
  const { json, weightData } = await readGraphModelFiles(modelPath);
  try {
    return encodeModel(tfjsGraphToOnnx(json as unknown as TfjsGraphModel, weightData, [FACERES_DESCRIPTOR_NODE], FACERES_NAME));
  } catch (err) {
    throw new MaskfaceError('MF_BAD_WEIGHTS', `${modelPath}: not the faceres graph this version knows (${(err as Error).message}). Reinstall @vladmandic/human (npm ci).`, { file: modelPath });
  }
}

export async function load(config: FaceresConfig = {}): Promise<FaceresEmbedder> {
  const resolved = resolveFaceresConfig(config);
  const model = await faceresOnnxModel(resolved.modelPath);
  // Imported on first use, so commands that never embed do not load the native library.
  const ort: Ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: resolved.threads, interOpNumThreads: 1 });
  return new FaceresEmbedder(ort, session);
}
