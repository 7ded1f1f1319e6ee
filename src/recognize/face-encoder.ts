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
import { l2Normalize } from './similarity.js';

export interface FaceEncoder {
  /** Name of the vectors this encoder makes, stored with gallery samples (e.g. `faceres+upper`). */
  readonly name: string;
  readonly embedder: Embedder;
  readonly crop: FaceCropSpec;
  /** Crops the detected face as the embedder expects and embeds it (unit length). */
  encode(image: RgbImage, face: FaceDetection): Promise<Float32Array>;
  dispose(): void;
}

/** faceres on the whole chip plus the upper-face view (see `DEFAULT_CROPS`). */
export const FACERES_UPPER_NAME = `${FACERES_NAME}+upper`;
export const EMBEDDER_NAMES = [FACERES_UPPER_NAME, FACERES_NAME, DLIB_RESNET34_NAME] as const;
export type EmbedderName = (typeof EMBEDDER_NAMES)[number];
/** Embedder of a new gallery. */
export const DEFAULT_EMBEDDER: EmbedderName = FACERES_UPPER_NAME;

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

export const DEFAULT_CROPS: Readonly<Record<EmbedderName, FaceCropSpec>> = {
  [FACERES_UPPER_NAME]: { scale: FACERES_MTCNN_CROP_SCALE, size: FACERES_INPUT_SIZE, flip: true, upper: FACERES_UPPER_VIEW },
  [FACERES_NAME]: { scale: FACERES_MTCNN_CROP_SCALE, size: FACERES_INPUT_SIZE, flip: true },
  [DLIB_RESNET34_NAME]: { scale: DLIB_RESNET34_CROP_SCALE, size: DLIB_RESNET34_INPUT_SIZE },
};

/** The name of the vectors an embedder makes with a crop: `+upper` when the upper view is appended. */
export function encoderName(embedder: string, crop: FaceCropSpec): string {
  return crop.upper === undefined ? embedder : `${embedder}+upper`;
}

/**
 * The encoder of a chip: the embedder's unit vector (with the mirrored chip's added and the sum
 * normalised, when `flip`). With `upper`, the upper view's vector (same flip) is appended, the two
 * parts scaled by sqrt(1/(1+w)) and sqrt(w/(1+w)): the result has unit length and the dot product of
 * two such vectors is (cos_whole + w cos_upper) / (1 + w).
 */
export function createFaceEncoder(embedder: Embedder, crop: FaceCropSpec): FaceEncoder {
  const upper = crop.upper;
  if (upper !== undefined && !(upper.weight >= 0)) throw invalidArgument('upper view weight', 'a weight >= 0', upper.weight);
  const embedView = async (view: RgbImage): Promise<Float32Array> => {
    const vector = l2Normalize(await embedder.embed(view));
    if (crop.flip !== true) return vector;
    const mirrored = l2Normalize(await embedder.embed(mirror(view)));
    return l2Normalize(vector.map((v, i) => v + mirrored[i]!));
  };
  return {
    name: encoderName(embedder.name, crop),
    embedder,
    crop,
    async encode(image, face) {
      const chip = cropFaceChip(image, face, crop);
      const whole = await embedView(chip);
      if (upper === undefined) return whole;
      const top = await embedView(upperView(chip, upper.fraction));
      const out = new Float32Array(whole.length + top.length);
      const wholeScale = Math.sqrt(1 / (1 + upper.weight));
      const topScale = Math.sqrt(upper.weight / (1 + upper.weight));
      for (let i = 0; i < whole.length; i++) out[i] = whole[i]! * wholeScale;
      for (let i = 0; i < top.length; i++) out[whole.length + i] = top[i]! * topScale;
      return out;
    },
    dispose: () => embedder.dispose(),
  };
}

export function isEmbedderName(name: string): name is EmbedderName {
  return (EMBEDDER_NAMES as readonly string[]).includes(name);
}

/** Loads a built-in encoder by name with its default crop (or the crop given). */
export async function loadFaceEncoder(name: string, crop?: Partial<FaceCropSpec>): Promise<FaceEncoder> {
  if (!isEmbedderName(name)) throw invalidArgument('embedder', EMBEDDER_NAMES.join(' or '), name);
  const spec: FaceCropSpec = { ...DEFAULT_CROPS[name], ...crop };
  if (encoderName(name === DLIB_RESNET34_NAME ? DLIB_RESNET34_NAME : FACERES_NAME, spec) !== name) {
    throw invalidArgument(`face crop of ${name}`, name === FACERES_UPPER_NAME ? 'an upper view' : 'no upper view', spec);
  }
  const embedder = name === DLIB_RESNET34_NAME ? await loadDlibResnet34() : await loadFaceres();
  return createFaceEncoder(embedder, spec);
}
