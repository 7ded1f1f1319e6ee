/**
 * An embedder paired with the crop it was trained on: the pluggable unit of recognition. Another
 * embedding method (a fine-tuned network, a crop that leaves out the mask) is another `FaceEncoder`.
 */
import { invalidArgument } from '../errors.js';
import type { FaceDetection } from '../face/types.js';
import type { RgbImage } from '../image/types.js';
import { DLIB_RESNET34_CROP_SCALE, DLIB_RESNET34_INPUT_SIZE, DLIB_RESNET34_NAME, load as loadDlibResnet34 } from '../models/dlib-resnet34/index.js';
import { FACERES_INPUT_SIZE, FACERES_NAME, load as loadFaceres } from '../models/faceres/index.js';
import type { Embedder } from '../models/types.js';
import { type FaceCropSpec, type UpperViewSpec, cropFaceChip, mirror, upperView } from './face-crop.js';
import { UPPER_FACE_FRACTION } from './methods/face-views.js';
import { flipAverage } from './methods/mask-robust-features.js';
import { fuse as concatWeighted } from './methods/vectors.js';
import { l2Normalize } from './similarity.js';

export interface FaceEncoder {
  /** Name of the vectors this encoder makes, stored with gallery samples (e.g. `faceres+upper`). */
  readonly name: string;
  readonly embedder: Embedder;
  /** The second embedder of `crop.fuse`, when there is one. */
  readonly fused?: Embedder;
  readonly crop: FaceCropSpec;
  /** Crops the detected face as the embedder expects and embeds it (unit length). */
  encode(image: RgbImage, face: FaceDetection): Promise<Float32Array>;
  dispose(): void;
}

/** faceres on the whole chip plus the upper-face view (see `DEFAULT_CROPS`). */
export const FACERES_UPPER_NAME = `${FACERES_NAME}+upper`;
/** faceres whole chip and upper view, fused with dlib ResNet-34 on its own chip. */
export const FACERES_UPPER_DLIB_NAME = `${FACERES_UPPER_NAME}+${DLIB_RESNET34_NAME}`;
export const EMBEDDER_NAMES = [FACERES_UPPER_DLIB_NAME, FACERES_UPPER_NAME, FACERES_NAME, DLIB_RESNET34_NAME] as const;
export type EmbedderName = (typeof EMBEDDER_NAMES)[number];
/** Embedder of a new gallery. */
export const DEFAULT_EMBEDDER: EmbedderName = FACERES_UPPER_DLIB_NAME;

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
export const FACERES_UPPER_DLIB_VIEWS: Pick<FaceCropSpec, 'upper' | 'fuse'> = {
  upper: { fraction: UPPER_FACE_FRACTION, weight: 0.35 },
  fuse: { embedder: DLIB_RESNET34_NAME, scale: DLIB_RESNET34_CROP_SCALE, size: DLIB_RESNET34_INPUT_SIZE, weight: 0.75 },
};

export const DEFAULT_CROPS: Readonly<Record<EmbedderName, FaceCropSpec>> = {
  [FACERES_UPPER_DLIB_NAME]: { scale: FACERES_MTCNN_CROP_SCALE, size: FACERES_INPUT_SIZE, flip: true, ...FACERES_UPPER_DLIB_VIEWS },
  [FACERES_UPPER_NAME]: { scale: FACERES_MTCNN_CROP_SCALE, size: FACERES_INPUT_SIZE, flip: true, upper: FACERES_UPPER_VIEW },
  [FACERES_NAME]: { scale: FACERES_MTCNN_CROP_SCALE, size: FACERES_INPUT_SIZE, flip: true },
  [DLIB_RESNET34_NAME]: { scale: DLIB_RESNET34_CROP_SCALE, size: DLIB_RESNET34_INPUT_SIZE },
};

/** The name of the vectors an embedder makes with a crop: `+upper` for the upper view, `+<name>` for a fused embedder. */
export function encoderName(embedder: string, crop: FaceCropSpec): string {
  return `${embedder}${crop.upper === undefined ? '' : '+upper'}${crop.fuse === undefined ? '' : `+${crop.fuse.embedder}`}`;
}

/**
 * The encoder of a face: the embedder's unit vector of the chip (with the mirrored chip's added and
 * the sum normalised, when `flip`). With `upper`, the upper view's vector (same flip) is appended;
 * with `fuse`, the second embedder's vector of its own chip. Each part i is scaled by
 * sqrt(w_i / sum w) (the whole chip's weight is 1): the result has unit length and the dot product
 * of two such vectors is the weighted mean of the parts' cosines, sum w_i cos_i / sum w.
 */
export function createFaceEncoder(embedder: Embedder, crop: FaceCropSpec, fused?: Embedder): FaceEncoder {
  const { upper, fuse } = crop;
  if (upper !== undefined && !(upper.weight >= 0)) throw invalidArgument('upper view weight', 'a weight >= 0', upper.weight);
  if (fuse !== undefined && !(fuse.weight >= 0)) throw invalidArgument('fused embedder weight', 'a weight >= 0', fuse.weight);
  if (fuse !== undefined && fused?.name !== fuse.embedder) throw invalidArgument('fused embedder', fuse.embedder, fused?.name ?? 'none');
  const embedView = async (net: Embedder, view: RgbImage): Promise<Float32Array> => {
    const vector = l2Normalize(await net.embed(view));
    if (crop.flip !== true) return vector;
    return l2Normalize(flipAverage(vector, l2Normalize(await net.embed(mirror(view)))));
  };
  const total = 1 + (upper?.weight ?? 0) + (fuse?.weight ?? 0);
  return {
    name: encoderName(embedder.name, crop),
    embedder,
    ...(fused === undefined ? {} : { fused }),
    crop,
    async encode(image, face) {
      const chip = cropFaceChip(image, face, crop);
      const whole = await embedView(embedder, chip);
      if (upper === undefined && fuse === undefined) return whole;
      const parts: Array<{ vector: Float32Array; weight: number }> = [{ vector: whole, weight: 1 }];
      if (upper !== undefined) parts.push({ vector: await embedView(embedder, upperView(chip, upper.fraction)), weight: upper.weight });
      if (fuse !== undefined) {
        const own = cropFaceChip(image, face, { scale: fuse.scale, size: fuse.size, ...(crop.align === undefined ? {} : { align: crop.align }) });
        parts.push({ vector: await embedView(fused!, own), weight: fuse.weight });
      }
      return concatWeighted(parts.map((p) => p.vector), parts.map((p) => Math.sqrt(p.weight / total)));
    },
    dispose: () => {
      embedder.dispose();
      fused?.dispose();
    },
  };
}

export function isEmbedderName(name: string): name is EmbedderName {
  return (EMBEDDER_NAMES as readonly string[]).includes(name);
}

/** Loads a built-in encoder by name with its default crop (or the crop given). */
export async function loadFaceEncoder(name: string, crop?: Partial<FaceCropSpec>): Promise<FaceEncoder> {
  if (!isEmbedderName(name)) throw invalidArgument('embedder', EMBEDDER_NAMES.join(' or '), name);
  const spec: FaceCropSpec = { ...DEFAULT_CROPS[name], ...crop };
  const base = name === DLIB_RESNET34_NAME ? DLIB_RESNET34_NAME : FACERES_NAME;
  if (encoderName(base, spec) !== name) throw invalidArgument(`face crop of ${name}`, `views that make ${name}`, spec);
  const loadNet = (net: string): Promise<Embedder> => (net === DLIB_RESNET34_NAME ? loadDlibResnet34() : loadFaceres());
  const embedder = await loadNet(base);
  try {
    const fused = spec.fuse === undefined ? undefined : await loadNet(spec.fuse.embedder);
    return createFaceEncoder(embedder, spec, fused);
  } catch (err) {
    embedder.dispose();
    throw err;
  }
}
