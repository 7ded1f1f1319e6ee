export { load, defaultModelPath, INPUT_SIZE, DEFAULT_MIN_SCORE, type RetinaFaceConfig, type RetinaFaceDetector } from './detector.js';
