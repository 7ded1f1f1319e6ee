/**
 * What `fit-backbone` trains on: MobileFace's trunk features (the 2048 values, a 4x4x128 map, that
 * its last dense layer turns into the 256-D descriptor) of ArcFace-aligned chips, each photo also
 * mirrored, and each unmasked photo also under synthetic masks. Only the dense layer (and its batch
 * norm, folded) is retrained, so the trunk runs once per photo and its features are cached.
 *
 * A photo's chip is made as the gallery makes it: RetinaFace on the photo on a black border (a tight
 * crop such as RMFD's otherwise hides the face from the detector), five landmarks, `alignFace`.
 * A synthetic mask is drawn on the bordered photo from the 68 landmarks inside RetinaFace's box
 * (MaskTheFace's way, `insertMask`, type and colour random from the photo's seed), and the chip is
 * aligned on the landmarks found before the mask.
 */
import { type FaceDetector, alignFace, loadDetector } from '../../face/index.js';
import { ARCFACE_DETECTION_PADDING, findAlignableFace } from '../../face/arcface-aligned.js';
import { load as loadLandmarks68, type Landmarks68Model } from '../../face/landmarks68/index.js';
import { decodeImage } from '../../image/io.js';
import type { RgbImage } from '../../image/types.js';
import { insertMask, photoSeed } from '../../mask/index.js';
import { mirror } from '../../methods/face-crop.js';
import { type MobilefaceTrunk, loadMobilefaceTrunk } from '../../models/mobileface/index.js';
import { FeatureCache } from '../feature-cache.js';

/** The cache's preprocessing key: change it when the chip changes. */
export const TRUNK_PREPROCESSING = `retinaface-pad${ARCFACE_DETECTION_PADDING}-arcface112-mask-random-v1`;

export interface FitPhoto {
  readonly path: string;
  /** SHA-256 of the file: with the variant, the cache key. */
  readonly hash: string;
  readonly person: string;
  readonly group: 'masked' | 'unmasked';
  /** 0: the photo as it is; 1..n: the n-th synthetic mask drawn on an unmasked photo. */
  readonly variant: number;
}

export interface TrunkFeatures {
  readonly vector: Float32Array;
  readonly mirrored: Float32Array;
}

/** Cache keys of a photo's two vectors. */
const keys = (p: FitPhoto): [string, string] => [`${p.hash}:${p.variant}`, `${p.hash}:${p.variant}:mirror`];
/** Marks a photo in which no face was found, so a rerun does not look again. */
const NO_FACE = new Float32Array(1);

export class TrunkFeatureExtractor {
  private constructor(
    private readonly detector: FaceDetector,
    private readonly landmarks: Landmarks68Model,
    private readonly trunk: MobilefaceTrunk,
  ) {}

  static async load(): Promise<TrunkFeatureExtractor> {
    return new TrunkFeatureExtractor(await loadDetector({ kind: 'retinaface' }), await loadLandmarks68(), await loadMobilefaceTrunk());
  }

  /** The trunk features of a photo and its mirror, or undefined when RetinaFace finds no face with five landmarks. */
  async extract(photo: FitPhoto, image?: RgbImage): Promise<TrunkFeatures | undefined> {
    const { padded, face: found } = await findAlignableFace(this.detector, image ?? (await decodeImage(photo.path)));
    if (found === undefined) return undefined;
    let source = padded;
    if (photo.variant > 0) {
      const points = await this.landmarks.detect(padded, found.box);
      source = insertMask(padded, points, { type: 'random', color: 'random', seed: photoSeed(photo.variant, photo.path) });
    }
    const chip = alignFace(source, found.landmarks5!);
    return { vector: await this.trunk.features(chip), mirrored: await this.trunk.features(mirror(chip)) };
  }

  dispose(): void {
    this.detector.dispose();
    this.landmarks.dispose();
    this.trunk.dispose();
  }
}

/**
 * The trunk features of every photo, from `cacheDir`'s cache where present; the missing ones are
 * extracted (networks loaded only then) and the cache saved every `saveEvery` photos and at the end.
 * Photos without a face are left out of the result (and counted).
 */
export async function trunkFeatures(photos: readonly FitPhoto[], cacheDir: string, onProgress?: (done: number, total: number) => void, saveEvery = 200): Promise<{ features: Map<FitPhoto, TrunkFeatures>; noFace: FitPhoto[] }> {
  const cache = await FeatureCache.open(cacheDir, { backbone: 'mobileface-trunk', dimension: 2048, preprocessing: TRUNK_PREPROCESSING });
  const features = new Map<FitPhoto, TrunkFeatures>();
  const noFace: FitPhoto[] = [];
  const missing: FitPhoto[] = [];
  for (const p of photos) {
    const [a, b] = keys(p);
    const vector = cache.get(a);
    const mirrored = cache.get(b);
    if (vector?.length === 1) noFace.push(p);
    else if (vector !== undefined && mirrored !== undefined) features.set(p, { vector, mirrored });
    else missing.push(p);
  }
  if (missing.length === 0) return { features, noFace };
  const extractor = await TrunkFeatureExtractor.load();
  try {
    // One decode per file for all its variants.
    const byPath = new Map<string, FitPhoto[]>();
    for (const p of missing) byPath.set(p.path, [...(byPath.get(p.path) ?? []), p]);
    let done = 0;
    for (const [path, variants] of byPath) {
      const image = await decodeImage(path);
      for (const p of variants) {
        const [a, b] = keys(p);
        const result = await extractor.extract(p, image);
        if (result === undefined) {
          cache.set(a, NO_FACE);
          noFace.push(p);
        } else {
          cache.set(a, result.vector);
          cache.set(b, result.mirrored);
          features.set(p, result);
        }
        done++;
        onProgress?.(done, missing.length);
        if (done % saveEvery === 0) await cache.save();
      }
    }
    await cache.save();
  } finally {
    extractor.dispose();
  }
  return { features, noFace };
}
