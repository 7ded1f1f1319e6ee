export { HEAD_FILE, HEAD_FORMAT, MOBILEFACE_TUNED_NAME, defaultTunedHeadPath, type TunedHeadMeta } from './constants.js';
export { MobilefaceTunedEmbedder, load, readTunedHead, tunedLayer, type MobilefaceTunedConfig } from './mobileface-tuned.js';
