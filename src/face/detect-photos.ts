/**
 * Detection over photo files, for `maskface detect`: lists the photos of a file or folder, runs a
 * detector (and optionally the 68-point model) on each, and can write copies with the boxes drawn.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { MaskfaceError, fileNotFound } from '../errors.js';
import { drawDetections } from '../image/draw.js';
import { decodeImage, isImagePath, writeImage } from '../image/io.js';
import type { Box } from '../image/types.js';
import { alignFace } from './align.js';
import type { Landmarks68Model } from './landmarks68/index.js';
import type { DetectOptions, FaceDetector, Point } from './types.js';

export interface PhotoFaces {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly faces: readonly { box: Box; score: number; landmarks5?: readonly Point[]; landmarks68?: readonly Point[] }[];
  /** Where the drawn copy was written, when asked. */
  readonly drawn?: string;
  /** Where the aligned face crops were written, one per face in order, when asked. */
  readonly aligned?: readonly string[];
}

/** The photo itself, or every photo under the folder (recursively), sorted. */
export async function listPhotos(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw fileNotFound(path, 'Give a photo or a folder of photos.');
  if (info.isFile()) {
    if (!isImagePath(path)) throw new MaskfaceError('MF_UNREADABLE_IMAGE', `${path}: not a photo by its extension. Give a .jpg, .png, .webp, .gif, .tif or .bmp file.`, { file: path });
    return [path];
  }
  const names = (await readdir(path, { recursive: true })).filter(isImagePath).sort();
  if (names.length === 0) throw new MaskfaceError('MF_EMPTY_DATASET', `${path}: no photos in this folder. Give a folder holding .jpg or .png files.`, { file: path });
  return names.map((n) => join(path, n));
}

export interface DetectPhotosOptions extends DetectOptions {
  /** Adds 68 landmarks per face. */
  readonly landmarks68?: Landmarks68Model;
  /** Writes each photo with its boxes drawn into this folder (same relative path, PNG). */
  readonly outDir?: string;
  /** Writes each face, aligned (eyes level, see alignFace), into this folder as `<photo>-face<n>.png`. */
  readonly alignDir?: string;
  /** Side of the aligned crops in pixels; default 112. */
  readonly alignSize?: number;
  /** The folder the photos were listed from, to keep relative paths under outDir and alignDir. */
  readonly root?: string;
}

export async function* detectPhotos(files: readonly string[], detector: FaceDetector, options: DetectPhotosOptions = {}): AsyncGenerator<PhotoFaces> {
  const { landmarks68, outDir, alignDir, alignSize, root, ...detectOptions } = options;
  for (const file of files) {
    const image = await decodeImage(file);
    const detections = await detector.detect(image, detectOptions);
    const faces: PhotoFaces['faces'][number][] = [];
    for (const d of detections) {
      faces.push(landmarks68 ? { ...d, landmarks68: await landmarks68.detect(image, d.box) } : { ...d });
    }
    const rel = root ? relative(root, file) : basename(file);
    const stem = rel.slice(0, rel.length - extname(rel).length) || basename(file);
    let drawn: string | undefined;
    if (outDir) {
      drawn = join(outDir, `${stem}.png`);
      await writeImage(drawn, drawDetections(image, faces));
    }
    const aligned: string[] = [];
    for (const [i, face] of faces.entries()) {
      const points = face.landmarks68 ?? face.landmarks5;
      if (!alignDir || !points) continue;
      const path = join(alignDir, `${stem}-face${i + 1}.png`);
      await writeImage(path, alignFace(image, points, alignSize ?? 112));
      aligned.push(path);
    }
    yield { file, width: image.width, height: image.height, faces, ...(drawn && { drawn }), ...(alignDir && { aligned }) };
  }
}
