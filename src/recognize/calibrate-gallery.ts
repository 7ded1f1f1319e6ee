/**
 * `maskface calibrate`: measures impostor scores of strangers against a gallery and stores the
 * threshold that reaches a target false-accept rate; genuine held-out photos measure the cost.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { MaskfaceError, fileNotFound } from '../errors.js';
import { decodeImage, isImagePath } from '../image/io.js';
import { falseRejectRate, rateAtOrAbove, thresholdForFar } from './calibrate.js';
import type { Calibration } from './gallery.js';
import { detectFaces } from './faces-in-photo.js';
import { GalleryIndex, SCORE_RULE } from './open-set.js';
import type { GallerySession } from './session.js';

export interface CalibrateOptions {
  /** Folder of photos of people never enrolled (searched recursively). */
  readonly strangers: string;
  /** Optional folder-per-person of held-out photos of enrolled people (folder name = person name). */
  readonly genuine?: string;
  /** Target false-accept rate in [0, 1); default 0.05. */
  readonly far?: number;
  /** Called after each photo, for progress. */
  readonly onPhoto?: (done: number, total: number) => void;
}

export interface CalibrationReport extends Calibration {
  /** Photos skipped because no face was found. */
  readonly noFace: number;
  /** Genuine photos whose person is not in the gallery (folder name unknown), skipped. */
  readonly notEnrolled: number;
}

export function listImages(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    throw fileNotFound(dir, 'Give a folder of photos.');
  }
  const out: string[] = [];
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listImages(path));
    else if (isImagePath(path)) out.push(path);
  }
  return out;
}

export async function calibrateGallery(session: GallerySession, options: CalibrateOptions): Promise<CalibrationReport> {
  const embedder = session.encoder.name;
  const index = new GalleryIndex(await session.gallery.embeddings(embedder));
  if (index.size === 0) throw new MaskfaceError('MF_EMPTY_DATASET', `${session.gallery.location}: nobody is enrolled; enrol people before calibrating.`, { file: session.gallery.location });
  const strangerPhotos = listImages(options.strangers);
  const genuinePhotos = options.genuine === undefined ? [] : listImages(options.genuine);
  const total = strangerPhotos.length + genuinePhotos.length;
  let done = 0;
  let noFace = 0;
  let notEnrolled = 0;
  const enrolled = new Set((await session.gallery.people()).map((p) => p.name));
  const bestFor = async (path: string) => {
    const image = await decodeImage(path);
    const [face] = await detectFaces(session.detector, image, 0.8);
    options.onPhoto?.(++done, total);
    if (face === undefined) { noFace++; return undefined; }
    return index.rank(await session.encoder.encode(image, face));
  };
  const strangerScores: number[] = [];
  for (const path of strangerPhotos) {
    const ranked = await bestFor(path);
    if (ranked?.[0] !== undefined) strangerScores.push(ranked[0].score);
  }
  const genuine: Array<{ score: number; correct: boolean }> = [];
  for (const path of genuinePhotos) {
    const person = basename(join(path, '..'));
    if (!enrolled.has(person)) { notEnrolled++; options.onPhoto?.(++done, total); continue; }
    const ranked = await bestFor(path);
    if (ranked?.[0] !== undefined) genuine.push({ score: ranked[0].score, correct: ranked[0].name === person });
  }
  const targetFar = options.far ?? 0.05;
  const { threshold } = thresholdForFar(strangerScores, targetFar);
  const calibration: Calibration = {
    embedder,
    threshold,
    rule: SCORE_RULE,
    targetFar,
    far: rateAtOrAbove(strangerScores, threshold),
    strangers: strangerScores.length,
    ...(genuine.length > 0 ? { frr: falseRejectRate(genuine, threshold), genuine: genuine.length } : {}),
    calibratedAt: new Date().toISOString(),
    source: 'strangers',
  };
  await session.gallery.saveCalibration(calibration);
  return { ...calibration, noFace, notEnrolled };
}
