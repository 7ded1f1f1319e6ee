/** Detection then landmarks for every face of a photo: what mask insertion and alignment start from. */
import type { RgbImage } from '../../image/types.js';
import type { DetectOptions, FaceDetection, FaceDetector, Landmarks68 } from '../types.js';
import type { Landmarks68Model } from './landmarks68.js';

export interface FaceWithLandmarks {
  readonly detection: FaceDetection;
  readonly landmarks: Landmarks68;
}

/** Faces best first, each with its 68 points in pixels of `image`. */
export async function findFacesWithLandmarks(
  image: RgbImage,
  detector: FaceDetector,
  landmarks: Landmarks68Model,
  options?: DetectOptions,
): Promise<FaceWithLandmarks[]> {
  const detections = await detector.detect(image, options);
  const faces: FaceWithLandmarks[] = [];
  for (const detection of detections) {
    const [left, right] = detection.landmarks5 ?? [];
    const roll = left && right ? Math.atan2(right.y - left.y, right.x - left.x) : undefined;
    faces.push({ detection, landmarks: await landmarks.detect(image, detection.box, roll === undefined ? {} : { roll }) });
  }
  return faces;
}
