/** Recognition of every face in one photo. */
import type { FaceDetection, FaceDetector } from '../face/types.js';
import type { Box, RgbImage } from '../image/types.js';
import type { FaceRecognition, Recognizer } from './recognizer.js';
import { detectFaces } from './faces-in-photo.js';

export interface RecognizedFace extends FaceRecognition {
  readonly box: Box;
  /** Detector confidence in [0, 1]. */
  readonly faceScore: number;
}

export interface PhotoOptions {
  /** Faces the detector scores below this are ignored, in [0, 1]; default 0.8. */
  readonly minFaceScore?: number;
  /**
   * The photo is already a face crop (as RMFD's photos and `maskface dataset prepare`'s outputs are):
   * no detection, the whole photo is the one face (score 1, no landmarks). Detectors miss or shrink
   * faces that fill the frame, masked ones most of all.
   */
  readonly faceCrop?: boolean;
}

/** The whole photo as a detection, for photos that are face crops. */
export function wholePhotoFace(image: RgbImage): FaceDetection {
  return { box: { x: 0, y: 0, width: image.width, height: image.height }, score: 1 };
}

export async function recognizePhoto(detector: FaceDetector, recognizer: Recognizer, image: RgbImage, options: PhotoOptions = {}): Promise<RecognizedFace[]> {
  const faces = options.faceCrop === true ? [wholePhotoFace(image)] : await detectFaces(detector, image, options.minFaceScore ?? 0.8);
  const out: RecognizedFace[] = [];
  for (const face of faces) out.push({ box: face.box, faceScore: face.score, ...(await recognizer.recognize(image, face)) });
  return out;
}
