export { ARCFACE_MOBILEFACENET_DIMENSION, ARCFACE_MOBILEFACENET_INPUT_SIZE, ARCFACE_MOBILEFACENET_MEAN, ARCFACE_MOBILEFACENET_NAME, ARCFACE_MOBILEFACENET_STD, defaultArcfaceMobilefacenetPath } from './constants.js';
export { load, type ArcfaceMobilefacenetConfig } from './arcface-mobilefacenet.js';
