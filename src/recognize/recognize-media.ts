/**
 * `maskface recognize` as a library call: a photo, a folder of photos or a video in, annotated
 * copies out, one record per face.
 */
import { statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, extname, join, relative } from 'node:path';
import { type ErrorCode, MaskfaceError, fileNotFound, invalidArgument, isMaskfaceError } from '../errors.js';
import type { FaceDetector } from '../face/types.js';
import { drawDetections } from '../image/draw.js';
import { IMAGE_EXTENSIONS, decodeImage, isImagePath, writeImage } from '../image/io.js';
import type { RgbImage } from '../image/types.js';
import { listImages } from './calibrate-gallery.js';
import { faceStyle } from './labels.js';
import { recognizePhoto } from './recognize-photo.js';
import type { Recognizer } from './recognizer.js';
import { type FaceRecord, type VideoOptions, type VideoSummary, recognizeVideo } from './video/recognize-video.js';

export const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set(['.mp4', '.mkv', '.mov', '.avi', '.webm', '.m4v']);
export const isVideoPath = (path: string): boolean => VIDEO_EXTENSIONS.has(extname(path).toLowerCase());

export interface PhotoRecord extends Omit<FaceRecord, 'track' | 'detected'> {
  /** The photo the face is in. */
  readonly source: string;
  /** The threshold this face was held to (`FaceRecognition.threshold`). */
  readonly threshold: number;
}

/** A photo of a folder run that could not be read, and why; the run goes on without it. */
export interface SkippedPhoto {
  readonly file: string;
  readonly code: ErrorCode;
  readonly message: string;
}

export type MediaSummary =
  | { readonly kind: 'video'; readonly input: string; readonly output?: string; readonly video: VideoSummary }
  | {
    readonly kind: 'photos';
    readonly input: string;
    readonly output?: string;
    /** Photos recognised (the skipped ones not counted). */
    readonly photos: number;
    readonly faces: number;
    readonly seconds: number;
    readonly msPerPhoto: number;
    /** Photos of a folder that could not be read; always empty for a single photo, which fails instead. */
    readonly skipped: readonly SkippedPhoto[];
  };

/** Errors that make one photo of a folder unreadable without saying anything about the others. */
const SKIPPABLE: ReadonlySet<ErrorCode> = new Set(['MF_UNREADABLE_IMAGE', 'MF_IMAGE_TOO_LARGE', 'MF_FILE_NOT_FOUND', 'MF_NOT_A_FILE', 'MF_PERMISSION_DENIED']);

export interface MediaOptions extends VideoOptions {
  /** Photos only: each photo is a face crop, recognised whole without detection (`PhotoOptions.faceCrop`). */
  readonly faceCrops?: boolean;
  /** Called for each face of each photo. */
  readonly onPhotoRecord?: (record: PhotoRecord) => void;
  /** Called for each photo of a folder that is skipped because it cannot be read. */
  readonly onSkipped?: (skipped: SkippedPhoto) => void;
}

export async function recognizeMedia(input: string, output: string | undefined, detector: FaceDetector, recognizer: Recognizer, options: MediaOptions = {}): Promise<MediaSummary> {
  let isDir: boolean;
  try {
    isDir = statSync(input).isDirectory();
  } catch {
    throw fileNotFound(input, 'Give a photo, a folder of photos or a video.');
  }
  if (!isDir && isVideoPath(input)) {
    if (options.faceCrops === true) throw invalidArgument('--face-crops', 'photos or a folder of photos (a video is detected frame by frame)', input);
    if (output !== undefined && !isVideoPath(output)) throw invalidArgument('--out for a video', `a video file name (${[...VIDEO_EXTENSIONS].join(', ')})`, output);
    const video = await recognizeVideo(input, output, detector, recognizer, options);
    return { kind: 'video', input, ...(output === undefined ? {} : { output }), video };
  }
  // A folder is searched recursively (a folder per person, as the datasets are), links followed.
  const photos = isDir ? listImages(input) : [input];
  if (!isDir && !isImagePath(input)) throw invalidArgument('input', 'a photo (JPEG, PNG, WebP, GIF, TIFF), a folder or a video', input);
  if (isDir && photos.length === 0) {
    throw new MaskfaceError('MF_EMPTY_DATASET', `${input}: no photos in this folder or its subfolders (looked for ${[...IMAGE_EXTENSIONS].join(', ')} files). Give a folder of photos.`, { file: input });
  }
  if (isDir && output !== undefined) await mkdir(output, { recursive: true });
  const started = performance.now();
  let faces = 0;
  const skipped: SkippedPhoto[] = [];
  for (const [index, photo] of photos.entries()) {
    let image: RgbImage;
    try {
      image = await decodeImage(photo);
    } catch (err) {
      // One bad photo of a folder is reported and passed over; a single photo fails the run.
      if (!isDir || !isMaskfaceError(err) || !SKIPPABLE.has(err.code)) throw err;
      const skip = { file: photo, code: err.code, message: err.message };
      skipped.push(skip);
      options.onSkipped?.(skip);
      options.onFrame?.(index + 1, photos.length);
      continue;
    }
    const found = await recognizePhoto(detector, recognizer, image, { minFaceScore: options.minFaceScore ?? 0.8, faceCrop: options.faceCrops === true });
    faces += found.length;
    for (const f of found) {
      options.onPhotoRecord?.({ source: photo, frame: index, time: 0, box: f.box, name: f.name, confidence: f.confidence, threshold: f.threshold, masked: f.masked ?? null });
    }
    if (output !== undefined) {
      const target = isDir ? join(output, relative(input, photo)) : output;
      if (isDir) await mkdir(dirname(target), { recursive: true });
      await writeImage(target, drawDetections(image, found.map((f) => ({ box: f.box })), found.map(faceStyle)));
    }
    options.onFrame?.(index + 1, photos.length);
  }
  const seconds = (performance.now() - started) / 1000;
  const recognised = photos.length - skipped.length;
  return { kind: 'photos', input, ...(output === undefined ? {} : { output }), photos: recognised, faces, seconds, msPerPhoto: recognised === 0 ? 0 : (1000 * seconds) / recognised, skipped };
}
