/**
 * The feature vectors the lda method (`maskface train --method lda`) projects, by name. Each takes a
 * tight face crop (brows to chin, as RMFD's photos and `tightFaceCrop` give):
 * - `mask-robust-flip` / `mask-robust`: faceres and dlib ResNet-34 on the whole and upper face, with
 *   and without test-time flips (issue 10, src/methods/mask-robust-features.ts);
 * - `arcface-mobilefacenet-flip`: the ArcFace MobileFaceNet on the crop ArcFace-aligned by RetinaFace
 *   (padded first: a tight crop hides the face from detectors), averaged with its mirror image;
 * - `mask-robust-flip+arcface-mobilefacenet`: both, concatenated (every part unit length, so each
 *   network's cosine counts alike), as bench:accuracy:dev measures fusions;
 * - `arcface-mobilefacenet-maskinv-flip` (the default): the distilled network (`maskface distill`,
 *   issue 24) the same way. (Concatenated with mask-robust it lost on the development people: below.)
 */
import { loadArcfaceAligned } from '../face/arcface-aligned.js';
import type { RgbImage } from '../image/types.js';
import { ARCFACE_MOBILEFACENET_INPUT_SIZE, ARCFACE_MOBILEFACENET_NAME, load as loadArcfaceMobilefacenet } from '../models/arcface-mobilefacenet/index.js';
import { ARCFACE_MASKINV_INPUT_SIZE, ARCFACE_MASKINV_NAME, load as loadArcfaceMaskinv } from '../models/arcface-mobilefacenet-maskinv/index.js';
import type { Embedder } from '../models/types.js';
import { mirror } from './face-crop.js';
import { MASK_ROBUST_NAME, MASK_ROBUST_NO_FLIP_NAME, flipAverage, load as loadMaskRobust } from './mask-robust-features.js';
import { unit } from './vectors.js';

export const ARCFACE_FLIP_FEATURES = `${ARCFACE_MOBILEFACENET_NAME}-flip`;
export const MASK_ROBUST_ARCFACE_FEATURES = `${MASK_ROBUST_NAME}+${ARCFACE_MOBILEFACENET_NAME}`;
export const MASKINV_FLIP_FEATURES = `${ARCFACE_MASKINV_NAME}-flip`;
export const LDA_FEATURES = [MASK_ROBUST_NAME, MASK_ROBUST_NO_FLIP_NAME, ARCFACE_FLIP_FEATURES, MASK_ROBUST_ARCFACE_FEATURES, MASKINV_FLIP_FEATURES] as const;
export type LdaFeaturesName = (typeof LDA_FEATURES)[number];

/** A network's vector of a crop averaged with its vector of the mirrored crop (test-time flip), unit length. */
class FlipAveraged implements Embedder {
  readonly dimension: number;
  readonly variant: string | undefined;
  constructor(private readonly net: Embedder, readonly name: string) {
    this.dimension = net.dimension;
    this.variant = net.variant;
  }

  async embed(face: RgbImage): Promise<Float32Array> {
    return unit(flipAverage(await this.net.embed(face), await this.net.embed(mirror(face))));
  }

  dispose(): void {
    this.net.dispose();
  }
}

/** Parts' vectors side by side; each part's own vector as it gives it (mask-robust's is already four unit parts). */
class Concatenated implements Embedder {
  readonly dimension: number;
  readonly variant: string | undefined;
  constructor(private readonly parts: readonly Embedder[], readonly name: string) {
    this.dimension = parts.reduce((n, p) => n + p.dimension, 0);
    const variants = parts.map((p) => p.variant).filter((v) => v !== undefined);
    this.variant = variants.length === 0 ? undefined : variants.join('+');
  }

  async embed(face: RgbImage): Promise<Float32Array> {
    const out = new Float32Array(this.dimension);
    let offset = 0;
    for (const part of this.parts) {
      const v = await part.embed(face);
      out.set(v, offset);
      offset += v.length;
    }
    return out;
  }

  dispose(): void {
    for (const p of this.parts) p.dispose();
  }
}

async function loadArcfaceFlip(name: string): Promise<Embedder> {
  return new FlipAveraged(await loadArcfaceAligned(() => loadArcfaceMobilefacenet(), ARCFACE_MOBILEFACENET_INPUT_SIZE), name);
}

async function loadMaskinvFlip(name: string): Promise<Embedder> {
  return new FlipAveraged(await loadArcfaceAligned(() => loadArcfaceMaskinv(), ARCFACE_MASKINV_INPUT_SIZE), name);
}

/** mask-robust's four unit parts, then an ArcFace network's flip-averaged vector. */
async function withMaskRobust(loadArcface: () => Promise<Embedder>, name: string): Promise<Embedder> {
  const maskRobust = await loadMaskRobust();
  try {
    return new Concatenated([maskRobust, await loadArcface()], name);
  } catch (err) {
    maskRobust.dispose();
    throw err;
  }
}

/** Loads the embedder of a feature set (its networks from their npm packages' files). */
export async function loadLdaFeatures(name: LdaFeaturesName): Promise<Embedder> {
  switch (name) {
    case MASK_ROBUST_NAME:
    case MASK_ROBUST_NO_FLIP_NAME:
      return loadMaskRobust({ flip: name === MASK_ROBUST_NAME });
    case ARCFACE_FLIP_FEATURES:
      return loadArcfaceFlip(ARCFACE_FLIP_FEATURES);
    case MASK_ROBUST_ARCFACE_FEATURES:
      return withMaskRobust(() => loadArcfaceFlip(ARCFACE_FLIP_FEATURES), MASK_ROBUST_ARCFACE_FEATURES);
    case MASKINV_FLIP_FEATURES:
      return loadMaskinvFlip(MASKINV_FLIP_FEATURES);
  }
}

/**
 * The feature set `maskface train` uses, chosen on the development people (`npm run bench:accuracy:dev
 * -- --sections mobileface`: 30 RMFD people, 5 folds x 2 seeds, flips, the bench's background, PCA
 * 512, shrinkage 0.1; masked / unmasked top-1, mean): issue 24's distilled arcface-mobilefacenet-maskinv
 * alone 67.8 / 87.7 % (77.7), mask-robust + arcface-mobilefacenet (issue 23's default) 67.8 / 87.3 %
 * (77.5), mask-robust + maskinv 69.5 / 82.3 % (75.9), arcface-mobilefacenet alone 63.6 / 87.7 %
 * (75.7), mask-robust alone 65.1 / 62.2 %. The distilled network alone is as good as the fusion and
 * needs one network instead of three (no faceres or dlib ResNet-34 views), so training embeds its
 * photos several times faster.
 */
export const DEFAULT_LDA_FEATURES: LdaFeaturesName = MASKINV_FLIP_FEATURES;
