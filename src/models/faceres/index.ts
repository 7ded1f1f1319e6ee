export { FACERES_CROP_SCALE, FACERES_DIMENSION, FACERES_INPUT_SIZE, FACERES_NAME, defaultFaceresModelPath } from './constants.js';
export { FaceresEmbedder, faceresOnnxModel, load, resolveFaceresConfig, type FaceresConfig, type ResolvedFaceresConfig } from './faceres.js';
export { faceresInput } from './faceres-input.js';
