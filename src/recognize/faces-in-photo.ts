/**
 * Finding the faces of a photo wherever a photo enters (recognize, identify, enroll, the server,
 * the queue). A tight face crop (RMFD's photos, a crop a user cut) hides the face from detectors,
 * which were trained on faces with forehead, chin and background around them, and a mask hides
 * half of what remains. So when the photo itself finds no face: the photo is padded with black and
 * searched again; when that finds none either and the photo is shaped like a face crop (small, near
 * square, not flat), the whole photo is taken as the one face. Each face records which of the three found it.
 */
import { MaskfaceError } from '../errors.js';
import { padImage } from '../face/crop.js';
import type { FaceDetection, FaceDetector } from '../face/types.js';
import type { RgbImage } from '../image/types.js';

/** How a face was found: on the photo, on the photo padded with black, or the whole photo taken as a face crop. */
export type FaceOrigin = 'detector' | 'padded' | 'whole-photo';

export interface FoundFace extends FaceDetection {
  readonly origin: FaceOrigin;
}

/** Black border of the second pass, as a fraction of the photo's longer side (as ArcfaceAlignedEmbedder pads). */
export const TIGHT_CROP_PADDING = 0.25;
/** Largest side, in pixels, of a photo that may be taken whole as a face crop. */
export const FACE_CROP_MAX_SIDE = 400;
/** Width / height range of a photo that may be taken whole as a face crop. */
export const FACE_CROP_ASPECT: readonly [number, number] = [0.6, 1.6];
/**
 * Least spread of a photo's grey levels (standard deviation, 0-255) for it to be taken whole as a
 * face: a flat picture (a blank or a solid colour) is no face, whatever its shape.
 */
export const FACE_CROP_MIN_SPREAD = 8;

function greySpread(image: RgbImage): number {
  let sum = 0;
  let squares = 0;
  const n = image.width * image.height;
  for (let i = 0; i < n; i++) {
    const grey = (image.data[3 * i]! + image.data[3 * i + 1]! + image.data[3 * i + 2]!) / 3;
    sum += grey;
    squares += grey * grey;
  }
  const mean = sum / n;
  return Math.sqrt(Math.max(0, squares / n - mean * mean));
}

const area = (f: FaceDetection): number => f.box.width * f.box.height;

/** Whether a photo looks like a face crop: small, not far from square, not flat. */
export function looksLikeFaceCrop(image: RgbImage): boolean {
  const aspect = image.width / image.height;
  return Math.max(image.width, image.height) <= FACE_CROP_MAX_SIDE && aspect >= FACE_CROP_ASPECT[0] && aspect <= FACE_CROP_ASPECT[1] && greySpread(image) >= FACE_CROP_MIN_SPREAD;
}

/** The whole photo as a detection (score 1, no landmarks). */
export function wholePhotoFace(image: RgbImage): FoundFace {
  return { box: { x: 0, y: 0, width: image.width, height: image.height }, score: 1, origin: 'whole-photo' };
}

function unpad(face: FaceDetection, offset: number): FoundFace {
  const { box, landmarks5 } = face;
  return {
    box: { ...box, x: box.x - offset, y: box.y - offset },
    score: face.score,
    ...(landmarks5 === undefined ? {} : { landmarks5: landmarks5.map((p) => ({ x: p.x - offset, y: p.y - offset })) }),
    origin: 'padded',
  };
}

export interface DetectFacesOptions {
  /** Search the photo padded with black when the photo itself gives no face; default true. */
  readonly padded?: boolean;
  /** Take a face-crop-shaped photo whole when no pass finds a face; default true. */
  readonly wholePhoto?: boolean;
}

/** Faces, largest first. */
export async function detectFaces(detector: FaceDetector, image: RgbImage, minScore: number, options: DetectFacesOptions = {}): Promise<FoundFace[]> {
  const faces = await detector.detect(image, { minScore });
  if (faces.length > 0) return faces.map((f): FoundFace => ({ ...f, origin: 'detector' })).sort((a, b) => area(b) - area(a));
  if (options.padded ?? true) {
    const padded = padImage(image, TIGHT_CROP_PADDING);
    const found = await detector.detect(padded.image, { minScore, maxFaces: 1 });
    if (found.length > 0) return [unpad(found[0]!, padded.offset)];
  }
  return (options.wholePhoto ?? true) && looksLikeFaceCrop(image) ? [wholePhotoFace(image)] : [];
}

/** The largest face of a photo; throws MF_NO_FACE naming the file when there is none. */
export async function mainFace(detector: FaceDetector, image: RgbImage, label: string, minScore: number): Promise<FoundFace> {
  const [face] = await detectFaces(detector, image, minScore);
  if (face === undefined) {
    throw new MaskfaceError(
      'MF_NO_FACE',
      `${label}: no face found (detector ${detector.name}, min score ${minScore}, also on the photo padded with black; the photo is too large to be taken whole as a face crop). Give a photo where the face is at least 40 pixels wide and turned towards the camera, or a crop of the face.`,
      { file: label },
    );
  }
  return face;
}
