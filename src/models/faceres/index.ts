export { FACERES_CROP_SCALE, FACERES_DIMENSION, FACERES_INPUT_SIZE, FACERES_NAME, defaultFaceresModelPath } from './constants.js';
export { FaceresEmbedder, faceresOnnxModel, load, resolveFaceresConfig, type FaceresConfig, type ResolvedFaceresConfig } from './faceres.js';
export { faceresInput, resizeToPlanes } from './faceres-input.js';
export { HUMAN_FACE_TENSOR_SIZE, cropAndResize, humanFaceBox, humanFaceresInput } from './human-input.js';
