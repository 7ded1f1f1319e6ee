/**
 * The simulated-mask dataset of the paper (3.1.2): every unmasked photo of a dataset gets a mask
 * fitted to its face, written into the masked group of a new dataset in RMFD layout; the unmasked
 * originals are copied beside them; photos where no face is found are reported, as MaskTheFace does.
 */
import { copyFile, mkdir, rename } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { scanDataset, RMFD_MASKED_DIR, RMFD_UNMASKED_DIR, type ScanOptions } from '../data/layout.js';
import { invalidArgument, isMaskfaceError } from '../errors.js';
import type { Landmarks68Model } from '../face/landmarks68/landmarks68.js';
import type { FaceDetector } from '../face/types.js';
import { decodeImage, isImagePath, writeFileAtomic, writeImage } from '../image/io.js';
import type { RgbImage } from '../image/types.js';
import { maskPhoto } from './mask-photo.js';
import { resolveMaskOptions, type MaskOptions } from './options.js';

export interface MaskDatasetOptions extends ScanOptions {
  /** Mask options; with `type`/`color`/`pattern` set to `random`, each photo draws its own from `seed` and its path. */
  readonly mask?: MaskOptions;
  /** Mask every face found (`all`) or only the largest (`largest`, default: a dataset photo shows one person). */
  readonly faces?: 'largest' | 'all';
  /** Also copy the dataset's real masked photos into the output's masked group. Default false: only simulated masks. */
  readonly keepRealMasked?: boolean;
  /** Called after each photo with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Called with each masked photo (for previews). */
  readonly onMasked?: (masked: RgbImage, source: string) => void;
}

export interface MaskedPhoto {
  /** Paths relative to the input and output folders. */
  readonly source: string;
  readonly output: string;
  readonly type: string;
  readonly color: string;
  readonly pattern: string;
  readonly faces: number;
}

export interface MaskDatasetReport {
  readonly version: 1;
  readonly input: string;
  readonly output: string;
  readonly options: MaskOptions & { faces: 'largest' | 'all' };
  readonly people: number;
  readonly photos: number;
  readonly masked: MaskedPhoto[];
  /** Photos (relative to the input) where the detector found no face: MaskTheFace's report. */
  readonly noFace: string[];
  readonly unreadable: { file: string; reason: string }[];
  /** Real masked photos copied (with keepRealMasked). */
  copiedMasked: number;
}

/** FNV-1a: a per-photo seed from the run's seed and the photo's path, so results do not depend on order. */
export function photoSeed(seed: number, path: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (const ch of path) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

async function copyAtomic(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  const tmp = `${to}.${process.pid}.${Date.now()}.tmp`;
  await copyFile(from, tmp);
  await rename(tmp, to);
}

const hex = (rgb: readonly number[]): string => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

export async function maskDataset(
  inputDir: string,
  outputDir: string,
  detector: FaceDetector,
  landmarks: Landmarks68Model,
  options: MaskDatasetOptions = {},
): Promise<MaskDatasetReport> {
  const maskOptions = options.mask ?? {};
  resolveMaskOptions(maskOptions); // refuses bad options before any work
  const dataset = await scanDataset(inputDir, options);
  if ([resolve(inputDir), dataset.root].includes(resolve(outputDir))) {
    throw invalidArgument('mask --out', 'a folder other than the input dataset (its originals are copied there)', outputDir);
  }
  const faces = options.faces ?? 'largest';
  const jobs = dataset.people.flatMap((person) => person.unmasked.filter(isImagePath).map((file) => ({ person: person.name, file })));
  const report: MaskDatasetReport = {
    version: 1,
    input: dataset.root,
    output: outputDir,
    options: { ...maskOptions, faces },
    people: dataset.people.length,
    photos: jobs.length,
    masked: [],
    noFace: [],
    unreadable: [],
    copiedMasked: 0,
  };
  let done = 0;
  for (const { person, file } of jobs) {
    const source = relative(dataset.root, file);
    try {
      const image = await decodeImage(file);
      await copyAtomic(file, join(outputDir, RMFD_UNMASKED_DIR, person, basename(file)));
      const result = await maskPhoto(image, detector, landmarks, { ...maskOptions, seed: photoSeed(maskOptions.seed ?? 0, source), faces });
      const resolved = result.options;
      if (result.faces === 0 || !resolved) {
        report.noFace.push(source);
      } else {
        const masked = result.image;
        const ext = extname(file);
        // JPEG stays JPEG (RMFD's format) and PNG stays PNG; anything else is written losslessly as PNG.
        const outExt = ['.jpg', '.jpeg', '.png'].includes(ext.toLowerCase()) ? ext.toLowerCase() : '.png';
        const outName = `${basename(file, ext)}_${resolved.type}${outExt}`;
        const output = join(RMFD_MASKED_DIR, person, outName);
        await writeImage(join(outputDir, output), masked);
        report.masked.push({ source, output, type: resolved.type, color: hex(resolved.color), pattern: resolved.pattern, faces: result.faces });
        options.onMasked?.(masked, source);
      }
    } catch (err) {
      if (!isMaskfaceError(err) || (err.code !== 'MF_UNREADABLE_IMAGE' && err.code !== 'MF_IMAGE_TOO_LARGE')) throw err;
      report.unreadable.push({ file: source, reason: err.message });
    }
    options.onProgress?.(++done, jobs.length);
  }
  if (options.keepRealMasked) {
    for (const person of dataset.people) {
      for (const file of person.masked.filter(isImagePath)) {
        await copyAtomic(file, join(outputDir, RMFD_MASKED_DIR, person.name, basename(file)));
        report.copiedMasked++;
      }
    }
  }
  await writeFileAtomic(join(outputDir, 'report.json'), `${JSON.stringify(report, null, 1)}\n`);
  return report;
}
