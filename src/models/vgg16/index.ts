export * from './constants.js';
export * from './vgg16.js';
export * from './preprocess.js';
