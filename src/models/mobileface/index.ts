export { MOBILEFACE_DENSE_NODES, MOBILEFACE_DIMENSION, MOBILEFACE_INPUT_SIZE, MOBILEFACE_NAME, MOBILEFACE_TRUNK_DIMENSION, MOBILEFACE_TRUNK_NODE, defaultMobilefaceModelPath } from './constants.js';
export { MobilefaceEmbedder, load, resolveMobilefaceConfig, type MobilefaceConfig, type ResolvedMobilefaceConfig } from './mobileface.js';
export { MobilefaceTrunk, loadMobilefaceTrunk, type MobilefaceDense } from './trunk.js';
