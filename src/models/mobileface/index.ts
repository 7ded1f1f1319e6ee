export { MOBILEFACE_DIMENSION, MOBILEFACE_INPUT_SIZE, MOBILEFACE_NAME, defaultMobilefaceModelPath } from './constants.js';
export { MobilefaceEmbedder, load, resolveMobilefaceConfig, type MobilefaceConfig, type ResolvedMobilefaceConfig } from './mobileface.js';
