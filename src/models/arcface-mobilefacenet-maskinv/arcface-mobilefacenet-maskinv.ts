/**
 * The `arcface-mobilefacenet-maskinv` embedder: the shipped distilled student through the generic
 * ArcFace-convention loader (the graph scales its own input: mean 0, std 1). Feed it ArcFace-aligned chips.
 */
import { type OnnxArcfaceEmbedder, load as loadOnnxArcface } from '../onnx-arcface/index.js';
import { ARCFACE_MASKINV_NAME, defaultArcfaceMaskinvPath } from './constants.js';

export interface ArcfaceMaskinvConfig {
  /** Path of the ONNX file; default: the one shipped in `weights/`. */
  readonly modelPath?: string;
  /** CPU threads onnxruntime may use; default 1. */
  readonly threads?: number;
}

export async function load(config: ArcfaceMaskinvConfig = {}): Promise<OnnxArcfaceEmbedder> {
  return loadOnnxArcface({
    modelPath: config.modelPath ?? defaultArcfaceMaskinvPath(),
    name: ARCFACE_MASKINV_NAME,
    mean: 0,
    std: 1,
    ...(config.threads === undefined ? {} : { threads: config.threads }),
  });
}
