export { load, resolveLandmarks68Config, type Landmarks68Config, type Landmarks68Model, type ResolvedLandmarks68Config } from './landmarks68.js';
export { INPUT_SIZE, LANDMARK_COUNT, MEAN_RGB } from './constants.js';
export { cropSquare, type SquareCrop } from './crop.js';
export { defaultModelDir } from './weights.js';
export { findFacesWithLandmarks, type FaceWithLandmarks } from './find-faces.js';
