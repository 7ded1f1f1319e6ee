/**
 * A read-only `RecognitionService` over a trained model folder (`maskface train --out <dir>`): the
 * paper's classifier (`ModelRecognizer`: class probability) or an lda model (`--method lda`,
 * `LdaModelRecognizer`: cosine in the projected space). `openRecognizer` picks the recognizer by
 * model.json's format and gives the detector; `unknown` under the threshold; the mask check is the
 * faceres mask classifier's.
 * The people are the model's classes: enrolling and removing answer `MF_READ_ONLY`, since changing
 * them means retraining.
 */
import { existsSync, statSync } from 'node:fs';
import { getTf } from '../engine/tf.js';
import { fileNotFound, invalidArgument, MaskfaceError } from '../errors.js';
import type { DetectorKind } from '../face/index.js';
import { openRecognizer } from '../recognize/open-recognizer.js';
import { recognizePhoto } from '../recognize/recognize-photo.js';
import { isLdaModelDir, readLdaModel } from '../model-folder/lda-model-dir.js';
import { readModelMeta } from '../model-folder/model-dir.js';
import { DEFAULT_MIN_FACE_SCORE, toRecognizedFace } from './gallery-service.js';
import { readOnlyError, type ModelServiceInfo, type PersonSummary, type RecognitionService } from './service.js';

export interface ModelServiceOptions {
  /** The trained model folder (holding model.json). */
  readonly modelDir: string;
  /**
   * Threshold overriding the model's own: a class probability in [0, 1] for a classifier (default
   * 0.5), a cosine in [-1, 1] for an lda model (default: the one stored at training).
   */
  readonly threshold?: number;
  /** Faces the detector scores below this are ignored, in [0, 1]. Default 0.8. */
  readonly minFaceScore?: number;
  /** Face detector. Default `mtcnn` (the paper's). */
  readonly detector?: DetectorKind;
}

const TRAIN_FIX = 'Give a folder written by `maskface train --out <dir>`.';

interface ModelSummary {
  readonly method: ModelServiceInfo['method'];
  readonly classes: readonly string[];
  /** The classifier's backbone, or the embedder whose vectors an lda model projects. */
  readonly embedder: string;
  readonly createdAt: string;
}

/** Checks the folder, its model.json and the threshold before any model is loaded. */
async function checkModelDir(dir: string, threshold: number | undefined): Promise<ModelSummary> {
  if (!existsSync(dir)) throw fileNotFound(dir, TRAIN_FIX);
  if (!statSync(dir).isDirectory()) {
    throw new MaskfaceError('MF_NOT_A_DIRECTORY', `${dir}: --model takes a trained model folder, not a file. ${TRAIN_FIX} A gallery file goes to --gallery.`, { file: dir });
  }
  let summary: ModelSummary;
  if (await isLdaModelDir(dir)) {
    const { meta } = await readLdaModel(dir);
    summary = { method: 'lda', classes: meta.classes, embedder: meta.embedder, createdAt: meta.createdAt };
  } else {
    const meta = await readModelMeta(dir);
    summary = { method: 'classifier', classes: meta.classes, embedder: meta.backbone, createdAt: meta.createdAt };
  }
  const [low, what] = summary.method === 'lda' ? [-1, 'a cosine in [-1, 1]'] : [0, 'a class probability in [0, 1]'];
  if (threshold !== undefined && !(threshold >= low && threshold <= 1)) {
    throw invalidArgument(`threshold of the ${summary.method} model ${dir}`, what, threshold);
  }
  return summary;
}

export async function openModelService(options: ModelServiceOptions): Promise<RecognitionService> {
  const model = await checkModelDir(options.modelDir, options.threshold);
  const tf = await getTf();
  const opened = await openRecognizer(options.modelDir, {
    ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
    detector: options.detector ?? 'mtcnn',
  });
  const minFaceScore = options.minFaceScore ?? DEFAULT_MIN_FACE_SCORE;
  const info: ModelServiceInfo = {
    source: 'model',
    method: model.method,
    detector: opened.detector.name,
    embedder: model.embedder,
    model: options.modelDir,
    classes: model.classes.length,
    threshold: opened.recognizer.threshold,
  };
  const people: PersonSummary[] = [...model.classes]
    .sort((a, b) => a.localeCompare(b))
    .map((name) => ({ name, photos: null, embeddings: null, enrolledAt: model.createdAt }));

  return {
    info,
    async recognize(image) {
      return (await recognizePhoto(opened.detector, opened.recognizer, image, { minFaceScore })).map(toRecognizedFace);
    },
    async enroll() {
      throw readOnlyError(info);
    },
    async listPeople() {
      return people;
    },
    async removePerson() {
      throw readOnlyError(info);
    },
    tensorCount: () => tf.memory().numTensors,
    async close() {
      await opened.close();
    },
  };
}
