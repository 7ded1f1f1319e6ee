export { DLIB_RESNET34_CROP_SCALE, DLIB_RESNET34_DIMENSION, DLIB_RESNET34_INPUT_SIZE, DLIB_RESNET34_NAME, defaultDlibResnet34ManifestPath } from './constants.js';
export { DlibResnet34Embedder, load, resolveDlibResnet34Config, type DlibResnet34Config, type ResolvedDlibResnet34Config } from './dlib-resnet34.js';
export { loadWeightsManifest } from './load-weights.js';
