/**
 * An embedder behind RetinaFace's five-point alignment, for networks trained on ArcFace-aligned
 * 112x112 chips (MobileFace) that are handed a face crop instead: a tight crop (RMFD's photos, a
 * detector's box) hides the face from the detector, so the crop is padded with black first; with
 * five landmarks the face is warped onto ArcFace's template, otherwise the crop is used as it is.
 * `fit-backbone`, the head's `mobileface` backbones and the benchmarks all align this way.
 */
import type { RgbImage } from '../image/types.js';
import type { Embedder } from '../models/types.js';
import { alignFace } from './align.js';
import { padImage } from './crop.js';
import { loadDetector } from './detectors.js';
import type { FaceDetection, FaceDetector } from './types.js';

/** Black border added around a tight crop before detection, as a fraction of its side. */
export const ARCFACE_DETECTION_PADDING = 0.25;

/** The crop padded for detection and the face RetinaFace found on it with five landmarks (undefined: none). */
export async function findAlignableFace(detector: FaceDetector, crop: RgbImage): Promise<{ padded: RgbImage; face: FaceDetection | undefined }> {
  const padded = padImage(crop, ARCFACE_DETECTION_PADDING).image;
  const found = (await detector.detect(padded, { maxFaces: 1 }))[0];
  return { padded, face: found?.landmarks5?.length === 5 ? found : undefined };
}

export class ArcfaceAlignedEmbedder implements Embedder {
  readonly dimension: number;
  /** The alignment, then the network's own variant (e.g. its weights file). */
  readonly variant: string;
  /** Views aligned on five landmarks, and views used as they were (no face found), since creation. */
  aligned = 0;
  unaligned = 0;

  /** `name` defaults to the network's: the alignment is how that network is meant to be fed. */
  constructor(
    private readonly net: Embedder,
    private readonly detector: FaceDetector,
    private readonly chipSize: number,
    readonly name = net.name,
  ) {
    this.dimension = net.dimension;
    this.variant = [`arcface-aligned-pad${ARCFACE_DETECTION_PADDING}`, net.variant].filter((v) => v !== undefined).join('+');
  }

  async embed(face: RgbImage): Promise<Float32Array> {
    const { padded, face: found } = await findAlignableFace(this.detector, face);
    if (found === undefined) {
      this.unaligned++;
      return this.net.embed(face);
    }
    this.aligned++;
    return this.net.embed(alignFace(padded, found.landmarks5!, this.chipSize));
  }

  dispose(): void {
    this.net.dispose();
    this.detector.dispose();
  }
}

/** Loads the network, then RetinaFace, behind the alignment; the network is disposed when the detector fails to load. */
export async function loadArcfaceAligned(loadNet: () => Promise<Embedder>, chipSize: number, name?: string): Promise<ArcfaceAlignedEmbedder> {
  const net = await loadNet();
  try {
    return new ArcfaceAlignedEmbedder(net, await loadDetector({ kind: 'retinaface' }), chipSize, name);
  } catch (error) {
    net.dispose();
    throw error;
  }
}
