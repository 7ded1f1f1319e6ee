/** The face-check flags of `maskface dataset prepare` (paper 3.1.2), kept beside the detect command's. */
import { Option, type Command } from 'commander';
import { MaskfaceError } from '../errors.js';
import type { PhotoFilter } from '../data/filters.js';
import { DETECTOR_KINDS, loadDetector, type DetectorKind } from '../face/detectors.js';
import { DEFAULT_FACE_THRESHOLD, faceFilter } from '../face/face-filter.js';

export interface FaceFilterFlags {
  detector?: DetectorKind;
  faceThreshold?: number;
  checkMasked?: boolean;
  cropToFace?: boolean;
}

function score(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new MaskfaceError('MF_INVALID_ARGUMENT', `--face-threshold: expected a score from 0 to 1, received "${value}".`);
  return n;
}

export function addFaceFilterOptions(command: Command): void {
  command
    .addOption(new Option('--detector <kind>', 'leave out unmasked photos in which this detector finds no face').choices([...DETECTOR_KINDS]))
    .option('--face-threshold <s>', `lowest detector score that counts as a face (default ${DEFAULT_FACE_THRESHOLD})`, score)
    .option('--check-masked', 'also leave out masked photos without a detected face')
    .option('--crop-to-face', 'crop each photo to its detected face before letterboxing');
}

/** The face filter the flags ask for (any face flag turns it on; MTCNN by default), or undefined. */
export async function faceFilterFromFlags(flags: FaceFilterFlags): Promise<PhotoFilter | undefined> {
  const wanted = flags.detector !== undefined || flags.faceThreshold !== undefined || flags.checkMasked === true || flags.cropToFace === true;
  if (!wanted) return undefined;
  const detector = await loadDetector({ kind: flags.detector ?? 'mtcnn' });
  return faceFilter(detector, {
    ...(flags.faceThreshold !== undefined && { minScore: flags.faceThreshold }),
    ...(flags.checkMasked && { checkMasked: true }),
    ...(flags.cropToFace && { cropToFace: true }),
  });
}
