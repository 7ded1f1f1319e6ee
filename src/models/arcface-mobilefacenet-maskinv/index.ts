export { ARCFACE_MASKINV_DIMENSION, ARCFACE_MASKINV_FILE, ARCFACE_MASKINV_INPUT_SIZE, ARCFACE_MASKINV_NAME, defaultArcfaceMaskinvPath } from './constants.js';
export { load, type ArcfaceMaskinvConfig } from './arcface-mobilefacenet-maskinv.js';
