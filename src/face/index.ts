export type { DetectOptions, FaceDetection, FaceDetector, Landmarks68, Point } from './types.js';
export { loadDetector, isDetectorKind, DETECTOR_KINDS, type DetectorConfig, type DetectorKind } from './detectors.js';
export { alignFace, estimateSimilarity, fivePointsFrom68, TEMPLATE_112 } from './align.js';
export { cropFace, expandBox, padImage } from './crop.js';
export { faceFilter, type FaceFilterOptions } from './face-filter.js';
