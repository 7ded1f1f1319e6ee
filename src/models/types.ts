/** A frozen network that turns a face crop into a feature vector (an embedding). */
import type { RgbImage } from '../image/types.js';

export interface Embedder {
  /** Stable name, used as a key of the feature cache (e.g. `faceres`, `dlib-resnet34`). */
  readonly name: string;
  /** Length of the vector `embed` returns. */
  readonly dimension: number;
  /** Embeds one face crop (any size; the embedder resizes). */
  embed(face: RgbImage): Promise<Float32Array>;
  dispose(): void;
}
