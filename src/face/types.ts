/**
 * The contract between face detection, landmarks, masks and recognition. Detectors differ in
 * speed and recall; they all answer with `FaceDetection`s in the pixels of the input image.
 */
import type { Box, RgbImage } from '../image/types.js';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface FaceDetection {
  /** The face box in input pixels. */
  readonly box: Box;
  /** Detector confidence in [0, 1]. */
  readonly score: number;
  /** Eyes (left, right as seen in the photo), nose, mouth corners, where the detector gives them. */
  readonly landmarks5?: readonly Point[];
}

/** Per-call options shared by every detector. */
export interface DetectOptions {
  /** Smallest face side searched for, in pixels; default depends on the detector. */
  readonly minFaceSize?: number;
  /** Faces scoring below this are dropped, in [0, 1]. */
  readonly minScore?: number;
  /** At most this many faces, best first. */
  readonly maxFaces?: number;
}

export interface FaceDetector {
  readonly name: string;
  detect(image: RgbImage, options?: DetectOptions): Promise<FaceDetection[]>;
  dispose(): void;
}

/** 68 points in the iBUG 300-W order that dlib and MaskTheFace use (jaw 0-16, brows 17-26, nose 27-35, eyes 36-47, mouth 48-67). */
export type Landmarks68 = readonly Point[];
