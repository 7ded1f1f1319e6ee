export { load, type MtcnnDetector } from './detector.js';
export { resolveMtcnnOptions, MtcnnOptionsSchema, type MtcnnConfig, type MtcnnOptions, type ResolvedMtcnnOptions } from './options.js';
export { pyramidScales, CELL_SIZE, CELL_STRIDE } from './stages.js';
export { defaultWeightsDir } from './weights.js';
