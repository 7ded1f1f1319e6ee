/**
 * One entry point for the face detectors, chosen by name: MTCNN (the paper's, best recall on small
 * and profile faces) or RetinaFace mnet.25 (one pass, faster on large photos).
 */
import { invalidArgument } from '../errors.js';
import { load as loadMtcnn, type MtcnnConfig } from './mtcnn/index.js';
import { load as loadRetinaFace, type RetinaFaceConfig } from './retinaface/index.js';
import type { FaceDetector } from './types.js';
import { DETECTOR_KINDS } from './detector-kinds.js';

export { DETECTOR_KINDS, type DetectorKind, isDetectorKind } from './detector-kinds.js';

export type DetectorConfig = ({ readonly kind: 'mtcnn' } & MtcnnConfig) | ({ readonly kind: 'retinaface' } & RetinaFaceConfig);

/** Loads the detector named by `config.kind` (default MTCNN). */
export async function loadDetector(config: DetectorConfig | { readonly kind?: undefined } = {}): Promise<FaceDetector> {
  const kind: string = config.kind ?? 'mtcnn';
  if (kind === 'mtcnn') return loadMtcnn(config as MtcnnConfig);
  if (kind === 'retinaface') return loadRetinaFace(config as RetinaFaceConfig);
  throw invalidArgument('detector kind', DETECTOR_KINDS.join(' or '), kind);
}
