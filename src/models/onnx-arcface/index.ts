export { INSIGHTFACE_MEAN, INSIGHTFACE_STD, OnnxArcfaceEmbedder, load, normalizationFromGraph, sha256Variant, type OnnxArcfaceConfig, type ResolvedOnnxArcfaceConfig } from './onnx-arcface.js';
export { firstOpTypes } from '../../engine/onnx/read-model.js';
