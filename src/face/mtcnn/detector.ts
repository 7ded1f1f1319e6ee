/** The MTCNN face detector: `await load(config)`, then `detect(image, options)`. */
import type { Tensor4D } from '@tensorflow/tfjs';
import { getTf, type Tf } from '../../engine/tf.js';
import { modelNotLoaded } from '../../errors.js';
import type { RgbImage } from '../../image/types.js';
import { clipBox } from '../boxes.js';
import type { FaceDetection, FaceDetector } from '../types.js';
import { resolveMtcnnOptions, type MtcnnConfig, type MtcnnOptions } from './options.js';
import { outputStage, proposalStage, pyramidScales, refineStage } from './stages.js';
import { defaultWeightsDir, disposeParams, loadMtcnnParams, type MtcnnParams } from './weights.js';

export interface MtcnnDetector extends FaceDetector {
  readonly name: 'mtcnn';
  detect(image: RgbImage, options?: MtcnnOptions): Promise<FaceDetection[]>;
}

export async function load(config: MtcnnConfig = {}): Promise<MtcnnDetector> {
  const tf = await getTf();
  const params: MtcnnParams | undefined = await loadMtcnnParams(tf, config.weightsDir ?? defaultWeightsDir());
  return createMtcnn(tf, params);
}

function createMtcnn(tf: Tf, loaded: MtcnnParams): MtcnnDetector {
  let params: MtcnnParams | undefined = loaded;
  return {
    name: 'mtcnn',
    async detect(image, options) {
      if (!params) throw modelNotLoaded('MTCNN detector (disposed)');
      const opts = resolveMtcnnOptions(options);
      const [pThreshold, rThreshold, oThreshold] = opts.scoreThresholds;
      const scales = pyramidScales(image.width, image.height, opts.minFaceSize, opts.scaleFactor);
      if (scales.length === 0) return [];
      const tensor: Tensor4D = tf.tidy(() => tf.tensor4d(image.data, [1, image.height, image.width, 3], 'int32').toFloat());
      try {
        const proposals = await proposalStage(tf, tensor, scales, pThreshold, params);
        if (proposals.length === 0) return [];
        const refined = await refineStage(tf, tensor, proposals, rThreshold, params);
        if (refined.length === 0) return [];
        const final = await outputStage(tf, tensor, refined, oThreshold, params);
        return final
          .filter((f) => f.score >= opts.minScore)
          .sort((a, b) => b.score - a.score)
          .slice(0, opts.maxFaces)
          .map((f) => ({ box: clipBox(f.box, image.width, image.height), score: f.score, landmarks5: f.points }));
      } finally {
        tensor.dispose();
      }
    },
    dispose() {
      if (params) disposeParams(params);
      params = undefined;
    },
  };
}
