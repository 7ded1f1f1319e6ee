/** A frozen network that turns a face crop into a feature vector (an embedding). */
import type { RgbImage } from '../image/types.js';

export interface Embedder {
  /** Stable name, used as a key of the feature cache (e.g. `faceres`, `dlib-resnet34`). */
  readonly name: string;
  /** Length of the vector `embed` returns. */
  readonly dimension: number;
  /**
   * What else changes the vectors under the same name (a replaceable weights file, the input's
   * alignment), short and file-name safe; part of feature-cache keys when set.
   */
  readonly variant?: string;
  /** Embeds one face crop (any size; the embedder resizes). */
  embed(face: RgbImage): Promise<Float32Array>;
  dispose(): void;
}
