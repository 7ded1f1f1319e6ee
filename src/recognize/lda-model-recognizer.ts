/**
 * An lda model folder (`maskface train --method lda`, issue 10) as a `Recognizer`: the face is cut
 * as a tight crop (brows to chin, as RMFD's training photos), embedded by the model's feature
 * set (src/methods/lda-features.ts), projected and compared with each person's masked and unmasked means. The open-set
 * threshold is the model's own (5 % false accepts on inner-CV impostors), a cosine in the
 * projected space.
 */
import type { FaceDetection } from '../face/types.js';
import type { RgbImage } from '../image/types.js';
import { type LdaModel, loadModelEmbedder, readLdaModel } from '../model-folder/lda-model-dir.js';
import { tightFaceCrop } from '../methods/mask-robust-features.js';
import type { Embedder } from '../models/types.js';
import type { ModelRecognizerOptions } from './model-recognizer.js';
import { UNKNOWN } from './open-set.js';
import type { FaceRecognition, Recognizer } from './recognizer.js';

export class LdaModelRecognizer implements Recognizer {
  readonly threshold: number;

  private constructor(
    readonly source: string,
    private readonly model: LdaModel,
    private readonly embedder: Embedder,
    private readonly mask: ModelRecognizerOptions['mask'],
    threshold: number | undefined,
  ) {
    this.threshold = threshold ?? model.meta.threshold;
  }

  /** `options.threshold` overrides the model's (a cosine in the projected space, not a probability). */
  static async load(dir: string, options: ModelRecognizerOptions = {}): Promise<LdaModelRecognizer> {
    const model = await readLdaModel(dir);
    return new LdaModelRecognizer(dir, model, await loadModelEmbedder(model.meta.embedder), options.mask, options.threshold);
  }

  get people(): readonly string[] {
    return this.model.meta.classes;
  }

  async recognize(image: RgbImage, face: FaceDetection): Promise<FaceRecognition> {
    const prediction = this.model.recognizer.predict(await this.embedder.embed(tightFaceCrop(image, face)));
    const verdict = this.mask === undefined ? undefined : this.mask.classifier.classify(await this.mask.encoder.encode(image, face));
    return {
      name: prediction.score >= this.threshold ? prediction.best : UNKNOWN,
      confidence: prediction.score,
      candidates: prediction.candidates.map((c) => ({ name: c.label, score: c.score })),
      ...(verdict === undefined ? {} : { masked: verdict.masked, maskProbability: verdict.probability }),
    };
  }

  dispose(): void {
    this.embedder.dispose();
  }
}
