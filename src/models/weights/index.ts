export * from './keras-h5.js';
