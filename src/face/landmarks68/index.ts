export {
  load,
  resolveLandmarks68Config,
  rollOf,
  ROLL_CORRECTION_RAD,
  type Landmarks68Config,
  type Landmarks68Model,
  type Landmarks68Options,
  type ResolvedLandmarks68Config,
} from './landmarks68.js';
export { INPUT_SIZE, LANDMARK_COUNT, MEAN_RGB } from './constants.js';
export { cropRotated, cropSquare, type RotatedCrop, type SquareCrop } from './crop.js';
export { defaultModelDir } from './weights.js';
export { findFacesWithLandmarks, type FaceWithLandmarks } from './find-faces.js';
