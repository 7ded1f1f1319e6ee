/**
 * Any identity network in the ArcFace convention as an ONNX file: one input [1|N, 3, S, S] of an
 * RGB face warped onto ArcFace's five-point template (S = 112 for every public model), scaled as
 * (pixel - mean) / std, and one output [1, D], the descriptor. InsightFace's `w600k_r50.onnx`,
 * `glintr100.onnx`, `w600k_mbf.onnx` and the vendored `arcface-mobilefacenet` all fit. The file's
 * SHA-256 is the embedder's `variant`, so a gallery or cache never mixes vectors of two files that
 * share a name.
 */
import { rgbToPlanes } from '../../image/planes.js';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type * as OrtModule from 'onnxruntime-node';
import { MaskfaceError, fileNotFound, invalidArgument, modelNotLoaded } from '../../errors.js';
import type { RgbImage } from '../../image/types.js';
import { resizeBilinearRgb } from '../../image/resize.js';
import type { Embedder } from '../types.js';
import { firstOpTypes } from '../../engine/onnx/read-model.js';

type Ort = typeof OrtModule;
type Session = Awaited<ReturnType<Ort['InferenceSession']['create']>>;

/** InsightFace's scaling for graphs that do not normalise their input themselves: (x - 127.5) / 127.5. */
export const INSIGHTFACE_MEAN = 127.5;
export const INSIGHTFACE_STD = 127.5;
/** How many leading nodes are looked at for an in-graph normalisation (InsightFace looks at 8). */
const NORMALIZATION_NODES = 8;

export interface OnnxArcfaceConfig {
  /** The ONNX file. */
  readonly modelPath: string;
  /** Embedder name stored with its vectors, or a function of the file's variant (`sha256-<16 hex>`); default `onnx:<file name>`. */
  readonly name?: string | ((variant: string) => string);
  /** Pixel offset subtracted before scaling; default: 0 when the graph starts by subtracting and multiplying itself, else 127.5 (InsightFace's rule). */
  readonly mean?: number;
  /** Divisor after the offset; default: 1 when the graph normalises itself, else 127.5. */
  readonly std?: number;
  /** CPU threads onnxruntime may use; default 1 (the caller runs several networks side by side). */
  readonly threads?: number;
}

export interface ResolvedOnnxArcfaceConfig {
  readonly modelPath: string;
  readonly name: string;
  readonly mean: number;
  readonly std: number;
  readonly threads: number;
}

/** Mean and std for a graph, by InsightFace's rule: a graph whose first nodes Sub and Mul scales its input itself. */
export function normalizationFromGraph(model: Uint8Array): { mean: number; std: number } {
  const ops = firstOpTypes(model, NORMALIZATION_NODES);
  return ops.includes('Sub') && ops.includes('Mul') ? { mean: 0, std: 1 } : { mean: INSIGHTFACE_MEAN, std: INSIGHTFACE_STD };
}

const fileName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

function badGraph(path: string, what: string): MaskfaceError {
  return new MaskfaceError(
    'MF_BAD_WEIGHTS',
    `${path}: ${what}. An ArcFace-convention ONNX model takes one float32 input [1, 3, S, S] (an RGB face chip, S = 112 for public models) and gives one output [1, D]; export it that way or choose another file.`,
    { file: path },
  );
}

export class OnnxArcfaceEmbedder implements Embedder {
  readonly name: string;
  readonly dimension: number;
  /** `sha256-<first 16 hex digits>` of the file. */
  readonly variant: string;
  /** Side of the square input, in pixels, read from the graph. */
  readonly inputSize: number;
  readonly config: ResolvedOnnxArcfaceConfig;
  private session: Session | undefined;
  private readonly ort: Ort;

  constructor(ort: Ort, session: Session, config: ResolvedOnnxArcfaceConfig, inputSize: number, dimension: number, variant: string) {
    this.ort = ort;
    this.session = session;
    this.config = config;
    this.name = config.name;
    this.inputSize = inputSize;
    this.dimension = dimension;
    this.variant = variant;
  }

  /** `face`: best an ArcFace-aligned chip; other sizes are resized bilinearly to the graph's input. */
  async embed(face: RgbImage): Promise<Float32Array> {
    const { session, config, inputSize } = this;
    if (session === undefined) throw modelNotLoaded(`${config.name} (disposed)`);
    if (face.width < 1 || face.height < 1) throw invalidArgument(`${config.name} face crop`, 'a non-empty image', `${face.width}x${face.height}`);
    const chip = face.width === inputSize && face.height === inputSize ? face : resizeBilinearRgb(face, inputSize, inputSize);
    const plane = inputSize * inputSize;
    const input = rgbToPlanes(chip.data, plane, config.mean, config.std, new Float32Array(3 * plane));
    const feeds = { [session.inputNames[0]!]: new this.ort.Tensor('float32', input, [1, 3, inputSize, inputSize]) };
    const output = (await session.run(feeds))[session.outputNames[0]!]!;
    const values = Float32Array.from(output.data as Float32Array);
    output.dispose();
    if (values.length !== this.dimension) throw badGraph(config.modelPath, `its output has ${values.length} values, its metadata said ${this.dimension}`);
    return values;
  }

  dispose(): void {
    void this.session?.release();
    this.session = undefined;
  }
}

/** What tells two model files apart in names and caches: `sha256-<first 16 hex digits of the file's SHA-256>`. */
export const sha256Variant = (bytes: Uint8Array): string => `sha256-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;

const isPositiveSize = (d: number | string | undefined): d is number => typeof d === 'number' && d > 0;

/** Loads an ArcFace-convention ONNX file; a graph of another shape is refused with the shape it has and the shape expected. */
export async function load(config: OnnxArcfaceConfig): Promise<OnnxArcfaceEmbedder> {
  const { modelPath } = config;
  let bytes: Uint8Array;
  try {
    if (!statSync(modelPath).isFile()) throw badGraph(modelPath, 'is a folder, not an ONNX file');
    bytes = readFileSync(modelPath);
  } catch (err) {
    if (err instanceof MaskfaceError) throw err;
    throw fileNotFound(modelPath, 'Give the path of an ONNX face-recognition model (for example InsightFace\'s w600k_r50.onnx).');
  }
  let graphNorm: { mean: number; std: number };
  try {
    graphNorm = normalizationFromGraph(bytes);
  } catch (err) {
    throw badGraph(modelPath, `not an ONNX model (${(err as Error).message})`);
  }
  const variant = sha256Variant(bytes);
  const resolved: ResolvedOnnxArcfaceConfig = Object.freeze({
    modelPath,
    name: typeof config.name === 'function' ? config.name(variant) : (config.name ?? `onnx:${fileName(modelPath)}`),
    mean: config.mean ?? graphNorm.mean,
    std: config.std ?? graphNorm.std,
    threads: config.threads ?? 1,
  });
  if (!(resolved.std > 0)) throw invalidArgument(`${resolved.name} std`, 'a number > 0', resolved.std);
  // Imported on first use, so commands that never embed do not load the native library.
  const ort: Ort = await import('onnxruntime-node');
  let session: Session;
  try {
    session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: resolved.threads, interOpNumThreads: 1 });
  } catch (err) {
    throw badGraph(modelPath, `onnxruntime cannot load it (${String(err).split('\n')[0]})`);
  }
  const fail = (what: string): never => {
    void session.release();
    throw badGraph(modelPath, what);
  };
  const inputs = session.inputMetadata;
  const outputs = session.outputMetadata;
  if (inputs.length !== 1) fail(`it has ${inputs.length} inputs`);
  const input = inputs[0]!;
  const shape = input.isTensor ? input.shape : [];
  const [batch, channels, height, width] = shape;
  if (!input.isTensor || input.type !== 'float32' || shape.length !== 4 || channels !== 3 || !isPositiveSize(height) || height !== width || (typeof batch === 'number' && batch !== 1 && batch > 0)) {
    fail(`its input is ${input.isTensor ? `${input.type} [${shape.join(', ')}]` : 'not a tensor'}, expected float32 [1, 3, S, S]`);
  }
  const out = outputs[0];
  const outShape = out?.isTensor === true ? out.shape : [];
  const dimension = outShape[outShape.length - 1];
  if (outputs.length < 1 || !isPositiveSize(dimension) || outShape.slice(0, -1).some((d) => typeof d === 'number' && d !== 1)) {
    fail(`its first output is [${outShape.join(', ')}], expected [1, D]`);
  }
  return new OnnxArcfaceEmbedder(ort, session, resolved, height as number, dimension as number, variant);
}
