/**
 * The `mobileface-tuned` embedder: MobileFace's frozen trunk (2048 features of an ArcFace-aligned
 * 112x112 chip) through the descriptor layer that `fit-backbone` trained, at unit length.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { MaskfaceError } from '../../errors.js';
import type { RgbImage } from '../../image/types.js';
import { CosfaceHead } from '../../methods/cosface-head.js';
import { readTensorFile } from '../../model-folder/tensor-file.js';
import { type MobilefaceTrunk, loadMobilefaceTrunk, MOBILEFACE_DIMENSION, MOBILEFACE_TRUNK_DIMENSION, type MobilefaceConfig } from '../mobileface/index.js';
import type { Embedder } from '../types.js';
import { HEAD_FORMAT, MOBILEFACE_TUNED_NAME, type TunedHeadMeta, defaultTunedHeadPath } from './constants.js';

export interface MobilefaceTunedConfig extends MobilefaceConfig {
  /** A `head.bin` from `maskface fit-backbone --out <dir>`; default: the layer shipped in `weights/`. */
  readonly headPath?: string;
}

/** A descriptor layer on MobileFace's trunk features: unit(features x kernel + bias), kernel row-major [2048, 256]. */
export function tunedLayer(kernel: Float32Array, bias: Float32Array): CosfaceHead {
  return new CosfaceHead(new Float32Array(MOBILEFACE_TRUNK_DIMENSION), kernel, new Float32Array(0), new Float32Array(0), MOBILEFACE_DIMENSION, bias);
}

/** Reads a tuned layer, checking that it fits MobileFace's trunk. */
export async function readTunedHead(path: string): Promise<{ head: CosfaceHead; meta: TunedHeadMeta }> {
  const fix = 'Give the head.bin of a `maskface fit-backbone` output folder, or restore the shipped one: git checkout src/models/mobileface-tuned/weights.';
  if (!existsSync(path)) throw new MaskfaceError('MF_FILE_NOT_FOUND', `${path}: no tuned MobileFace layer there. ${fix}`);
  const { meta, arrays } = await readTensorFile<TunedHeadMeta>(path);
  const kernel = arrays.get('kernel')?.data;
  const bias = arrays.get('bias')?.data;
  if (meta.format !== HEAD_FORMAT || kernel?.length !== MOBILEFACE_TRUNK_DIMENSION * MOBILEFACE_DIMENSION || bias?.length !== MOBILEFACE_DIMENSION) {
    throw new MaskfaceError('MF_BAD_WEIGHTS', `${path}: not a tuned MobileFace layer (format ${String(meta.format)}, expected ${HEAD_FORMAT} with a ${MOBILEFACE_TRUNK_DIMENSION} x ${MOBILEFACE_DIMENSION} kernel). ${fix}`);
  }
  return { head: tunedLayer(kernel, bias), meta };
}

/** `embed`'s face: best an ArcFace-aligned chip (`alignFace`), any size; it is resized to 112x112. */
export class MobilefaceTunedEmbedder implements Embedder {
  readonly name = MOBILEFACE_TUNED_NAME;
  readonly dimension = MOBILEFACE_DIMENSION;

  /** `head-` and the first 12 hex digits of the layer file's SHA-256: a replaced head.bin gives other vectors. */
  readonly variant: string | undefined;

  constructor(
    private readonly trunk: MobilefaceTrunk,
    readonly head: CosfaceHead,
    headSha256?: string,
  ) {
    this.variant = headSha256 === undefined ? undefined : `head-${headSha256.slice(0, 12)}`;
  }

  async embed(face: RgbImage): Promise<Float32Array> {
    return this.head.embed(await this.trunk.features(face));
  }

  dispose(): void {
    this.trunk.dispose();
  }
}

export async function load(config: MobilefaceTunedConfig = {}): Promise<MobilefaceTunedEmbedder> {
  const path = config.headPath ?? defaultTunedHeadPath();
  const { head } = await readTunedHead(path);
  const sha256 = createHash('sha256').update(await readFile(path)).digest('hex');
  return new MobilefaceTunedEmbedder(await loadMobilefaceTrunk(config), head, sha256);
}
