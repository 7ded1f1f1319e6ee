/** Finding the one face a photo is about (enrolment, identification of a portrait). */
import { MaskfaceError } from '../errors.js';
import type { FaceDetection, FaceDetector } from '../face/types.js';
import type { RgbImage } from '../image/types.js';

const area = (f: FaceDetection): number => f.box.width * f.box.height;

/** Faces, largest first. */
export async function detectFaces(detector: FaceDetector, image: RgbImage, minScore: number): Promise<FaceDetection[]> {
  const faces = await detector.detect(image, { minScore });
  return [...faces].sort((a, b) => area(b) - area(a));
}

/** The largest face of a photo; throws MF_NO_FACE naming the file when there is none. */
export async function mainFace(detector: FaceDetector, image: RgbImage, label: string, minScore: number): Promise<FaceDetection> {
  const [face] = await detectFaces(detector, image, minScore);
  if (face === undefined) {
    throw new MaskfaceError('MF_NO_FACE', `${label}: no face found (detector ${detector.name}, min score ${minScore}). Give a photo where the face is at least 40 pixels wide and turned towards the camera.`, { file: label });
  }
  return face;
}
