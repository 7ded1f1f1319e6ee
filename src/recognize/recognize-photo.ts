/** Recognition of every face in one photo. */
import type { FaceDetector } from '../face/types.js';
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
}

export async function recognizePhoto(detector: FaceDetector, recognizer: Recognizer, image: RgbImage, options: PhotoOptions = {}): Promise<RecognizedFace[]> {
  const faces = await detectFaces(detector, image, options.minFaceScore ?? 0.8);
  const out: RecognizedFace[] = [];
  for (const face of faces) out.push({ box: face.box, faceScore: face.score, ...(await recognizer.recognize(image, face)) });
  return out;
}
