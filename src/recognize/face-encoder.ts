/**
 * An embedder paired with the crop it was trained on: the pluggable unit of recognition. Another
 * embedding method (a fine-tuned network, a crop that leaves out the mask) is another `FaceEncoder`.
 */
import { readFile } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { MaskfaceError, fileNotFound, invalidArgument } from '../errors.js';
import type { FaceDetection } from '../face/types.js';
import type { RgbImage } from '../image/types.js';
import { ARCFACE_MOBILEFACENET_INPUT_SIZE, ARCFACE_MOBILEFACENET_NAME, load as loadArcfaceMobilefacenet } from '../models/arcface-mobilefacenet/index.js';
import { ARCFACE_MASKINV_INPUT_SIZE, ARCFACE_MASKINV_NAME, load as loadArcfaceMaskinv } from '../models/arcface-mobilefacenet-maskinv/index.js';
import { load as loadOnnxArcface, sha256Variant } from '../models/onnx-arcface/index.js';
import { DLIB_RESNET34_CROP_SCALE, DLIB_RESNET34_INPUT_SIZE, DLIB_RESNET34_NAME, load as loadDlibResnet34 } from '../models/dlib-resnet34/index.js';
import { FACERES_INPUT_SIZE, FACERES_NAME, load as loadFaceres } from '../models/faceres/index.js';
import { MOBILEFACE_INPUT_SIZE, MOBILEFACE_NAME, load as loadMobileface } from '../models/mobileface/index.js';
import { MOBILEFACE_TUNED_NAME, load as loadMobilefaceTuned } from '../models/mobileface-tuned/index.js';
import type { Embedder } from '../models/types.js';
import { type FaceCropSpec, type FusedEmbedderSpec, type UpperViewSpec, cropFaceChip, fusedSpecs, mirror, upperView } from '../methods/face-crop.js';
import { UPPER_FACE_FRACTION } from '../methods/face-views.js';
import { flipAverage } from '../methods/mask-robust-features.js';
import { fuse as concatWeighted } from '../methods/vectors.js';
import { l2Normalize } from '../methods/similarity.js';
import {
  EMBEDDER_NAMES,
  type EmbedderName,
  FACERES_UPPER_ARCFACE_NAME,
  FACERES_UPPER_DLIB_MOBILEFACE_NAME,
  FACERES_UPPER_DLIB_NAME,
  FACERES_UPPER_MASKINV_NAME,
  FACERES_UPPER_MOBILEFACE_NAME,
  FACERES_UPPER_NAME,
  ONNX_PREFIX,
  isEmbedderName,
  isOnnxEmbedder,
} from './embedder-names.js';

export interface FaceEncoder {
  /** Name of the vectors this encoder makes, stored with gallery samples (e.g. `faceres+upper`). */
  readonly name: string;
  readonly embedder: Embedder;
  /** The embedders of `crop.fuse`, in its order (absent without `fuse`). */
  readonly fused?: readonly Embedder[];
  readonly crop: FaceCropSpec;
  /** Crops the detected face as the embedder expects and embeds it (unit length). */
  encode(image: RgbImage, face: FaceDetection): Promise<Float32Array>;
  dispose(): void;
}

/**
 * faceres on MTCNN boxes: a tighter chip than human's BlazeFace x1.4, and the mirrored chip's
 * embedding added, raised masked-probe top-1 on LFW from 77.6 % to 84.6 % and open-set top-1 from
 * 72.4 % to 77.6 % (`bench/recognize-lfw.ts --crop-scale 1.4 --no-flip` vs `bench/recognize-lfw.ts`,
 * 156 probes, 100 held-out strangers), at twice the embedding time.
 */
export const FACERES_MTCNN_CROP_SCALE = 1.15;

/**
 * The upper-face view of `faceres+upper`: the top 55 % of the chip (brows, eyes, nose bridge; the
 * part a mask leaves), its cosine weighted 0.5 next to the whole chip's. Chosen on the LFW
 * development set (`bench/recognize-lfw-collect.ts --dev` + `bench/recognize-lfw-rules.ts`).
 */
export const FACERES_UPPER_VIEW: UpperViewSpec = { fraction: UPPER_FACE_FRACTION, weight: 0.5 };

/**
 * The default encoder's weights, chosen on the LFW development set (`bench/recognize-lfw-rules.ts
 * --grid`): the upper view at 0.35 and dlib ResNet-34 (1.25x chip, mirror added) at 0.75 next to the
 * whole faceres chip's 1; every neighbouring weight pair also beat faceres+upper alone there.
 */
const DLIB_FUSED: FusedEmbedderSpec = { embedder: DLIB_RESNET34_NAME, scale: DLIB_RESNET34_CROP_SCALE, size: DLIB_RESNET34_INPUT_SIZE, weight: 0.75 };
export const FACERES_UPPER_DLIB_VIEWS: Pick<FaceCropSpec, 'upper' | 'fuse'> = {
  upper: { fraction: UPPER_FACE_FRACTION, weight: 0.35 },
  fuse: DLIB_FUSED,
};

/**
 * MobileFace's chip is embedded with its mirror image added: alone on the LFW development set it
 * named 79.1 % of masked probes with the mirror, 77.8 % without (`bench/recognize-lfw-rules.ts --mobileface`).
 */
export const MOBILEFACE_FLIP = true;

/**
 * MobileFace's chip: ArcFace's five-point alignment to 112x112, the chip it was trained on. A face
 * without five landmarks gets the box itself (scale 1): on 80 LFW development photos the ArcFace
 * chip's side was 1.02 x MTCNN's box side (median; 1.01 for RetinaFace), its centre 0.07 box sides
 * above the box's (a one-off measurement, docs/models.md "mobileface").
 */
export const MOBILEFACE_CROP: FaceCropSpec = { scale: 1, size: MOBILEFACE_INPUT_SIZE, align: 'arcface', flip: MOBILEFACE_FLIP };

/** MobileFace as a fused embedder: its own aligned chip, whatever the main chip's alignment. */
const mobilefaceFused = (weight: number): FusedEmbedderSpec => ({ embedder: MOBILEFACE_NAME, scale: MOBILEFACE_CROP.scale, size: MOBILEFACE_CROP.size, align: 'arcface', weight });

/**
 * Weights next to the whole faceres chip's 1 when MobileFace is fused, chosen on the LFW development
 * set (`bench/recognize-lfw-rules.ts --mobileface`): the upper view and dlib keep the default
 * encoder's weights, MobileFace gets 0.5, the middle of a plateau (0.25 to 0.75: 94.3-95.6 % masked
 * top-1, 94.3-94.9 % open set, against 93.0 / 89.9 % for faceres+upper and 94.9 / 91.8 % for the
 * default); from weight 1.5 on it loses, as MobileFace alone (79.1 %) is weaker than faceres.
 */
export const FACERES_UPPER_MOBILEFACE_WEIGHTS = { upper: 0.35, mobileface: 0.5 } as const;
export const FACERES_UPPER_DLIB_MOBILEFACE_WEIGHTS = { upper: 0.35, dlib: 0.75, mobileface: 0.5 } as const;

/** A network in the ArcFace convention (`arcface-mobilefacenet`, a user's ONNX file): its five-point chip, mirror added. */
export const arcfaceCrop = (size: number): FaceCropSpec => ({ scale: 1, size, align: 'arcface', flip: true });

/**
 * Weights next to the whole faceres chip's 1 when arcface-mobilefacenet is fused: the upper view
 * keeps the previous default's 0.35, arcface-mobilefacenet gets 1 (the one weight measured, on the LFW
 * development set: see DEFAULT_EMBEDDER; not tuned further).
 */
export const FACERES_UPPER_ARCFACE_WEIGHTS = { upper: 0.35, arcface: 1 } as const;

export const DEFAULT_CROPS: Readonly<Record<EmbedderName, FaceCropSpec>> = {
  [ARCFACE_MOBILEFACENET_NAME]: arcfaceCrop(ARCFACE_MOBILEFACENET_INPUT_SIZE),
  [FACERES_UPPER_ARCFACE_NAME]: {
    scale: FACERES_MTCNN_CROP_SCALE,
    size: FACERES_INPUT_SIZE,
    flip: true,
    upper: { fraction: UPPER_FACE_FRACTION, weight: FACERES_UPPER_ARCFACE_WEIGHTS.upper },
    fuse: { embedder: ARCFACE_MOBILEFACENET_NAME, scale: 1, size: ARCFACE_MOBILEFACENET_INPUT_SIZE, align: 'arcface', weight: FACERES_UPPER_ARCFACE_WEIGHTS.arcface },
  },
  [ARCFACE_MASKINV_NAME]: arcfaceCrop(ARCFACE_MASKINV_INPUT_SIZE),
  // The same views and weights as faceres+upper+arcface-mobilefacenet, with the distilled network.
  [FACERES_UPPER_MASKINV_NAME]: {
    scale: FACERES_MTCNN_CROP_SCALE,
    size: FACERES_INPUT_SIZE,
    flip: true,
    upper: { fraction: UPPER_FACE_FRACTION, weight: FACERES_UPPER_ARCFACE_WEIGHTS.upper },
    fuse: { embedder: ARCFACE_MASKINV_NAME, scale: 1, size: ARCFACE_MASKINV_INPUT_SIZE, align: 'arcface', weight: FACERES_UPPER_ARCFACE_WEIGHTS.arcface },
  },
  [FACERES_UPPER_DLIB_NAME]: { scale: FACERES_MTCNN_CROP_SCALE, size: FACERES_INPUT_SIZE, flip: true, ...FACERES_UPPER_DLIB_VIEWS },
  [FACERES_UPPER_NAME]: { scale: FACERES_MTCNN_CROP_SCALE, size: FACERES_INPUT_SIZE, flip: true, upper: FACERES_UPPER_VIEW },
  [FACERES_NAME]: { scale: FACERES_MTCNN_CROP_SCALE, size: FACERES_INPUT_SIZE, flip: true },
  [DLIB_RESNET34_NAME]: { scale: DLIB_RESNET34_CROP_SCALE, size: DLIB_RESNET34_INPUT_SIZE },
  [MOBILEFACE_NAME]: MOBILEFACE_CROP,
  // MobileFace's trunk with the fit-backbone layer: the same chip as MobileFace.
  [MOBILEFACE_TUNED_NAME]: MOBILEFACE_CROP,
  [FACERES_UPPER_MOBILEFACE_NAME]: { scale: FACERES_MTCNN_CROP_SCALE, size: FACERES_INPUT_SIZE, flip: true, upper: { fraction: UPPER_FACE_FRACTION, weight: FACERES_UPPER_MOBILEFACE_WEIGHTS.upper }, fuse: mobilefaceFused(FACERES_UPPER_MOBILEFACE_WEIGHTS.mobileface) },
  [FACERES_UPPER_DLIB_MOBILEFACE_NAME]: {
    scale: FACERES_MTCNN_CROP_SCALE,
    size: FACERES_INPUT_SIZE,
    flip: true,
    upper: { fraction: UPPER_FACE_FRACTION, weight: FACERES_UPPER_DLIB_MOBILEFACE_WEIGHTS.upper },
    fuse: [{ ...DLIB_FUSED, weight: FACERES_UPPER_DLIB_MOBILEFACE_WEIGHTS.dlib }, mobilefaceFused(FACERES_UPPER_DLIB_MOBILEFACE_WEIGHTS.mobileface)],
  },
};

/** The name of the vectors an embedder makes with a crop: `+upper` for the upper view, `+<name>` for each fused embedder. */
export function encoderName(embedder: string, crop: FaceCropSpec): string {
  return `${embedder}${crop.upper === undefined ? '' : '+upper'}${fusedSpecs(crop).map((f) => `+${f.embedder}`).join('')}`;
}

/**
 * The encoder of a face: the embedder's unit vector of the chip (with the mirrored chip's added and
 * the sum normalised, when `flip`). With `upper`, the upper view's vector (same flip) is appended;
 * with `fuse`, each fused embedder's vector of its own chip, in order. Each part i is scaled by
 * sqrt(w_i / sum w) (the whole chip's weight is 1): the result has unit length and the dot product
 * of two such vectors is the weighted mean of the parts' cosines, sum w_i cos_i / sum w.
 */
export function createFaceEncoder(embedder: Embedder, crop: FaceCropSpec, fusedEmbedders?: Embedder | readonly Embedder[]): FaceEncoder {
  const { upper } = crop;
  const fuse = fusedSpecs(crop);
  const fused: readonly Embedder[] = fusedEmbedders === undefined ? [] : 'embed' in fusedEmbedders ? [fusedEmbedders] : fusedEmbedders;
  if (upper !== undefined && !(upper.weight >= 0)) throw invalidArgument('upper view weight', 'a weight >= 0', upper.weight);
  for (const f of fuse) if (!(f.weight >= 0)) throw invalidArgument('fused embedder weight', 'a weight >= 0', f.weight);
  const names = (list: ReadonlyArray<{ readonly name?: string; readonly embedder?: string }>): string => list.map((e) => e.name ?? e.embedder).join('+') || 'none';
  if (fused.length !== fuse.length || fuse.some((f, i) => fused[i]!.name !== f.embedder)) throw invalidArgument('fused embedders', names(fuse), names(fused));
  const embedView = async (net: Embedder, view: RgbImage): Promise<Float32Array> => {
    const vector = l2Normalize(await net.embed(view));
    if (crop.flip !== true) return vector;
    return l2Normalize(flipAverage(vector, l2Normalize(await net.embed(mirror(view)))));
  };
  const total = 1 + (upper?.weight ?? 0) + fuse.reduce((sum, f) => sum + f.weight, 0);
  return {
    name: encoderName(embedder.name, crop),
    embedder,
    ...(fused.length === 0 ? {} : { fused }),
    crop,
    async encode(image, face) {
      const chip = cropFaceChip(image, face, crop);
      const whole = await embedView(embedder, chip);
      if (upper === undefined && fuse.length === 0) return whole;
      const parts: Array<{ vector: Float32Array; weight: number }> = [{ vector: whole, weight: 1 }];
      if (upper !== undefined) parts.push({ vector: await embedView(embedder, upperView(chip, upper.fraction)), weight: upper.weight });
      for (const [i, f] of fuse.entries()) {
        const align = f.align ?? crop.align;
        const own = cropFaceChip(image, face, { scale: f.scale, size: f.size, ...(align === undefined ? {} : { align }) });
        parts.push({ vector: await embedView(fused[i]!, own), weight: f.weight });
      }
      return concatWeighted(parts.map((p) => p.vector), parts.map((p) => Math.sqrt(p.weight / total)));
    },
    dispose: () => {
      embedder.dispose();
      for (const f of fused) f.dispose();
    },
  };
}

const NETWORKS: Readonly<Record<string, () => Promise<Embedder>>> = {
  [FACERES_NAME]: () => loadFaceres(),
  [DLIB_RESNET34_NAME]: () => loadDlibResnet34(),
  [MOBILEFACE_NAME]: () => loadMobileface(),
  [MOBILEFACE_TUNED_NAME]: () => loadMobilefaceTuned(),
  [ARCFACE_MOBILEFACENET_NAME]: () => loadArcfaceMobilefacenet(),
  [ARCFACE_MASKINV_NAME]: () => loadArcfaceMaskinv(),
};

const ONNX_HASH = '#sha256-';


interface OnnxEmbedderSpec {
  readonly path: string;
  /** Pixel scaling given after `?` (`mean=127&std=128`); absent: read from the graph. */
  readonly mean?: number;
  readonly std?: number;
  /** `sha256-<16 hex>` the file must have; absent: any. */
  readonly hash?: string;
}

/** `onnx:<file>[?mean=<m>&std=<s>][#sha256-<16 hex>]` -> its parts. */
function parseOnnxEmbedder(name: string): OnnxEmbedderSpec {
  let rest = name.slice(ONNX_PREFIX.length);
  const at = rest.lastIndexOf(ONNX_HASH);
  const hash = at < 0 ? undefined : rest.slice(at + 1);
  if (at >= 0) rest = rest.slice(0, at);
  const q = rest.lastIndexOf('?');
  const query = q < 0 ? undefined : new URLSearchParams(rest.slice(q + 1));
  const path = q < 0 ? rest : rest.slice(0, q);
  const number = (key: 'mean' | 'std'): { [k in typeof key]?: number } => {
    const raw = query?.get(key);
    if (raw === null || raw === undefined) return {};
    const value = Number(raw);
    if (!Number.isFinite(value) || (key === 'std' && value <= 0)) throw invalidArgument(`${name}: ${key}`, key === 'std' ? 'a number > 0' : 'a number', raw);
    return { [key]: value };
  };
  for (const key of query?.keys() ?? []) if (key !== 'mean' && key !== 'std') throw invalidArgument(`${name}: option ${key}`, 'mean=<pixel offset> and std=<divisor>', key);
  return { path, ...number('mean'), ...number('std'), ...(hash === undefined ? {} : { hash }) };
}

/** `onnx:<absolute path>[?mean=..&std=..]#<variant>`: a user's model as a gallery stores it. */
function onnxEmbedderName(absolute: string, spec: OnnxEmbedderSpec, variant: string): string {
  const scaling = [spec.mean === undefined ? undefined : `mean=${spec.mean}`, spec.std === undefined ? undefined : `std=${spec.std}`].filter((p) => p !== undefined).join('&');
  return `${ONNX_PREFIX}${absolute}${scaling === '' ? '' : `?${scaling}`}#${variant}`;
}

/**
 * The name a gallery stores for a user's ONNX model: `onnx:<absolute path>[?mean=..&std=..]#sha256-<first
 * 16 hex digits>`, so its vectors are never mixed with another file's, even one at the same path.
 */
export async function canonicalOnnxEmbedder(name: string): Promise<string> {
  const spec = parseOnnxEmbedder(name);
  const absolute = resolvePath(spec.path);
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch {
    throw fileNotFound(absolute, 'Give the path of an ArcFace-convention ONNX model (for example InsightFace\'s w600k_r50.onnx), or put the gallery\'s model file back there.');
  }
  return onnxEmbedderName(absolute, spec, sha256Variant(bytes));
}

/**
 * A user's ONNX model on its ArcFace chip (the graph's input size, mirror added): the file is read
 * once, and a hash in the name that the file no longer has is refused.
 */
async function loadOnnxEncoder(name: string, crop?: Partial<FaceCropSpec>): Promise<FaceEncoder> {
  const spec = parseOnnxEmbedder(name);
  const absolute = resolvePath(spec.path);
  const net = await loadOnnxArcface({
    modelPath: absolute,
    name: (variant) => onnxEmbedderName(absolute, spec, variant),
    ...(spec.mean === undefined ? {} : { mean: spec.mean }),
    ...(spec.std === undefined ? {} : { std: spec.std }),
  });
  const chip: FaceCropSpec = { ...arcfaceCrop(net.inputSize), ...crop };
  const refuse = (err: MaskfaceError): never => {
    net.dispose();
    throw err;
  };
  if (spec.hash !== undefined && spec.hash !== net.variant) {
    refuse(new MaskfaceError(
      'MF_BAD_WEIGHTS',
      `${absolute}: this file's SHA-256 starts ${net.variant.slice('sha256-'.length)}, but the gallery's vectors were made by a file whose SHA-256 starts ${spec.hash.slice('sha256-'.length)}. Put the original file back, or enrol the people again in a new gallery made with this file.`,
      { file: absolute },
    ));
  }
  if (chip.upper !== undefined || fusedSpecs(chip).length > 0) refuse(invalidArgument(`face crop of ${net.name}`, 'one chip without upper view or fused networks', chip));
  return createFaceEncoder(net, chip);
}

/**
 * The crop a new gallery stores for an embedder: the built-in default; none for a user's ONNX
 * model, whose ArcFace chip is sized from its graph each time it loads (no model loaded here).
 */
export function newGalleryCrop(name: string): FaceCropSpec | undefined {
  return isEmbedderName(name) ? DEFAULT_CROPS[name] : undefined;
}

/** Loads a built-in encoder by name with its default crop (or the crop given), or a user's ONNX model (`onnx:<file>`). */
export async function loadFaceEncoder(name: string, crop?: Partial<FaceCropSpec>): Promise<FaceEncoder> {
  if (isOnnxEmbedder(name)) return loadOnnxEncoder(name, crop);
  if (!isEmbedderName(name)) throw invalidArgument('embedder', `${EMBEDDER_NAMES.join(' or ')} or onnx:<file>`, name);
  const spec: FaceCropSpec = { ...DEFAULT_CROPS[name], ...crop };
  // Every built-in name starts with its main network's name.
  const base = name.split('+')[0]!;
  if (encoderName(base, spec) !== name) throw invalidArgument(`face crop of ${name}`, `views that make ${name}`, spec);
  const loadNet = (net: string): Promise<Embedder> => {
    const load = NETWORKS[net];
    if (load === undefined) throw invalidArgument('network', Object.keys(NETWORKS).join(' or '), net);
    return load();
  };
  const opened: Embedder[] = [];
  try {
    opened.push(await loadNet(base));
    for (const f of fusedSpecs(spec)) opened.push(await loadNet(f.embedder));
    return createFaceEncoder(opened[0]!, spec, opened.slice(1));
  } catch (err) {
    for (const e of opened) e.dispose();
    throw err;
  }
}
