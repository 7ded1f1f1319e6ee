/** Constants of the HSE FaceRes network as shipped by `@vladmandic/human` (MobileNet backbone, 1024-D descriptor). */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const FACERES_NAME = 'faceres';
/** Side of the square input in pixels. */
export const FACERES_INPUT_SIZE = 224;
/** Length of the descriptor (the global-pooling output before the age/gender heads). */
export const FACERES_DIMENSION = 1024;
/** The graph node whose value is the descriptor. */
export const FACERES_DESCRIPTOR_NODE = 'global_pooling/Mean';

/**
 * How human crops the face it feeds to faceres: the BlazeFace box enlarged 1.4x and made square,
 * rolled upright when the eyes are tilted (human `config.face.detector.scale`, `squarifyBox`,
 * `correctFaceRotation`). A detector's box here is tighter or looser than BlazeFace's, so the
 * recognition pipeline reads this factor instead of hard-coding it.
 */
export const FACERES_CROP_SCALE = 1.4;

/** The model graph inside node_modules; loading never reaches the network. */
export function defaultFaceresModelPath(): string {
  const require = createRequire(import.meta.url);
  // The package exports only its dist/ entry points; the models folder sits beside dist/.
  return join(dirname(require.resolve('@vladmandic/human')), '..', 'models', 'faceres.json');
}
