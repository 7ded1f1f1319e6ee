/**
 * Cuts the square face chip an embedder expects out of a photo: centred on the detector's box,
 * `scale` times its longer side, rotated so the eyes are level when the detector gave eye landmarks
 * (human's `correctFaceRotation`, dlib's `get_face_chip_details`), sampled bilinearly straight to
 * the embedder's input size so no second resize blurs it. Pixels outside the photo are black.
 * Networks trained on ArcFace chips (`mobileface`) get the five landmarks warped onto ArcFace's
 * template instead (`align: 'arcface'`).
 */
import { alignFace } from '../face/align.js';
import type { FaceDetection } from '../face/types.js';
import type { RgbImage } from '../image/types.js';
import { invalidArgument } from '../errors.js';
import { resampleRegion } from './face-views.js';

export interface FaceCropSpec {
  /** Chip side relative to the longer side of the detector's box (1 = the box itself). */
  readonly scale: number;
  /** Output side in pixels. */
  readonly size: number;
  /**
   * `true` (default): level the eyes using `landmarks5` when present. `false`: no rotation.
   * `'arcface'`: warp the five landmarks onto ArcFace's template (`alignFace`, a similarity
   * transform; the template fixes the face's size, `scale` is not used); a face without five
   * landmarks gets the box-centred chip with levelled eyes.
   */
  readonly align?: FaceAlignment;
  /** Also embed the mirrored chip and sum both embeddings (test-time flip); default false. */
  readonly flip?: boolean;
  /** Also embed the upper face (the part a mask leaves visible) and append it to the vector. */
  readonly upper?: UpperViewSpec;
  /**
   * Also embed the face with other embedders, each on its own chip, and append their vectors in
   * order. One spec (galleries made before several were possible) or a list.
   */
  readonly fuse?: FusedEmbedderSpec | readonly FusedEmbedderSpec[];
}

export type FaceAlignment = boolean | 'arcface';

/** A second embedder whose cosine is added to the first's (score fusion), on its own chip. */
export interface FusedEmbedderSpec {
  /** Its name (e.g. `dlib-resnet34`). */
  readonly embedder: string;
  /** Its chip: side relative to the detector box's longer side, and size in pixels (flip as the main chip). */
  readonly scale: number;
  readonly size: number;
  /** Its chip's alignment; default the main chip's. */
  readonly align?: FaceAlignment;
  /** Weight of its cosine next to the whole chip's (weight 1), >= 0. */
  readonly weight: number;
}

/** The upper-face view: the top `fraction` of the chip, stretched back to a square. */
export interface UpperViewSpec {
  /** Fraction of the chip's height kept, from the top, in (0, 1]. */
  readonly fraction: number;
  /** Weight of the upper view's cosine next to the whole chip's (weight 1), >= 0. */
  readonly weight: number;
}

/** Roll angle (radians) of the line from the left to the right eye, 0 when there are no landmarks. */
export function eyeRoll(face: FaceDetection): number {
  const [left, right] = face.landmarks5 ?? [];
  if (left === undefined || right === undefined) return 0;
  return Math.atan2(right.y - left.y, right.x - left.x);
}

/** The chip mirrored left to right. */
export function mirror(image: RgbImage): RgbImage {
  const out = new Uint8Array(image.data.length);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const from = (y * image.width + x) * 3;
      out.set(image.data.subarray(from, from + 3), (y * image.width + image.width - 1 - x) * 3);
    }
  }
  return { width: image.width, height: image.height, data: out };
}

/** The top `fraction` of a square chip, stretched back to the chip's size (bilinear). */
export function upperView(chip: RgbImage, fraction: number): RgbImage {
  if (!(fraction > 0 && fraction <= 1)) throw invalidArgument('upper view fraction', 'a fraction of the chip height in (0, 1]', fraction);
  return resampleRegion(chip, { x: 0, y: 0, width: chip.width, height: chip.height * fraction }, chip.width, chip.height);
}

/** The fused embedders' specs as a list (empty without `fuse`). */
export function fusedSpecs(spec: Pick<FaceCropSpec, 'fuse'>): readonly FusedEmbedderSpec[] {
  if (spec.fuse === undefined) return [];
  return Array.isArray(spec.fuse) ? spec.fuse : [spec.fuse as FusedEmbedderSpec];
}

export function cropFaceChip(image: RgbImage, face: FaceDetection, spec: FaceCropSpec): RgbImage {
  if (!(spec.scale > 0) || !(spec.size >= 1)) throw invalidArgument('face crop', 'scale > 0 and size >= 1', spec);
  if (spec.align === 'arcface' && face.landmarks5?.length === 5) return alignFace(image, face.landmarks5, spec.size);
  const { box } = face;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const side = spec.scale * Math.max(box.width, box.height);
  const angle = spec.align === false ? 0 : eyeRoll(face);
  const step = side / spec.size;
  const cos = Math.cos(angle) * step;
  const sin = Math.sin(angle) * step;
  const out = new Uint8Array(spec.size * spec.size * 3);
  const { width, height, data } = image;
  const half = spec.size / 2;
  for (let v = 0; v < spec.size; v++) {
    const dv = v + 0.5 - half;
    for (let u = 0; u < spec.size; u++) {
      const du = u + 0.5 - half;
      // Source position of the chip pixel's centre, rotated by the eye roll about the box centre.
      const sx = cx + du * cos - dv * sin - 0.5;
      const sy = cy + du * sin + dv * cos - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const o = (v * spec.size + u) * 3;
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let k = 0; k < 4; k++) {
          const x = x0 + (k & 1);
          const y = y0 + (k >> 1);
          if (x < 0 || y < 0 || x >= width || y >= height) continue;
          const w = ((k & 1) === 1 ? fx : 1 - fx) * ((k >> 1) === 1 ? fy : 1 - fy);
          sum += w * data[(y * width + x) * 3 + c]!;
        }
        out[o + c] = Math.round(sum);
      }
    }
  }
  return { width: spec.size, height: spec.size, data: out };
}
