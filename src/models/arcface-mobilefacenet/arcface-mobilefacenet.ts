/**
 * The `arcface-mobilefacenet` embedder: the vendored ONNX MobileFaceNet through the generic
 * ArcFace-convention loader, with the package's own scaling. Feed it ArcFace-aligned chips.
 */
import { type OnnxArcfaceEmbedder, load as loadOnnxArcface } from '../onnx-arcface/index.js';
import { ARCFACE_MOBILEFACENET_MEAN, ARCFACE_MOBILEFACENET_NAME, ARCFACE_MOBILEFACENET_STD, defaultArcfaceMobilefacenetPath } from './constants.js';

export interface ArcfaceMobilefacenetConfig {
  /** Path of the ONNX file; default: the copy vendored in `weights/`. */
  readonly modelPath?: string;
  /** CPU threads onnxruntime may use; default 1. */
  readonly threads?: number;
}

export async function load(config: ArcfaceMobilefacenetConfig = {}): Promise<OnnxArcfaceEmbedder> {
  return loadOnnxArcface({
    modelPath: config.modelPath ?? defaultArcfaceMobilefacenetPath(),
    name: ARCFACE_MOBILEFACENET_NAME,
    mean: ARCFACE_MOBILEFACENET_MEAN,
    std: ARCFACE_MOBILEFACENET_STD,
    ...(config.threads === undefined ? {} : { threads: config.threads }),
  });
}
