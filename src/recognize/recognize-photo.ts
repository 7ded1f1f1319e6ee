/** Recognition of every face in one photo. */
import type { FaceDetector } from '../face/types.js';
import type { Box, RgbImage } from '../image/types.js';
import type { FaceRecognition, Recognizer } from './recognizer.js';
import { type FaceOrigin, detectFaces, wholePhotoFace } from './faces-in-photo.js';

export { wholePhotoFace } from './faces-in-photo.js';

export interface RecognizedFace extends FaceRecognition {
  readonly box: Box;
  /** Detector confidence in [0, 1]. */
  readonly faceScore: number;
  /** How the face was found: by the detector, on the photo padded with black, or the whole photo as a face crop. */
  readonly origin: FaceOrigin;
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

export async function recognizePhoto(detector: FaceDetector, recognizer: Recognizer, image: RgbImage, options: PhotoOptions = {}): Promise<RecognizedFace[]> {
  const faces = options.faceCrop === true ? [wholePhotoFace(image)] : await detectFaces(detector, image, options.minFaceScore ?? 0.8);
  const out: RecognizedFace[] = [];
  for (const face of faces) out.push({ box: face.box, faceScore: face.score, origin: face.origin, ...(await recognizer.recognize(image, face)) });
  return out;
}
