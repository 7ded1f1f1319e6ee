/**
 * A read-only `RecognitionService` over a trained model folder (`maskface train --out <dir>`, the
 * paper's closed-set classifier): `openRecognizer` gives the detector and the `ModelRecognizer`
 * (class probability, `unknown` under the threshold, mask check by the faceres mask classifier).
 * The people are the model's classes: enrolling and removing answer `MF_READ_ONLY`, since changing
 * them means retraining.
 */
import { existsSync, statSync } from 'node:fs';
import { getTf } from '../engine/tf.js';
import { fileNotFound, invalidArgument, MaskfaceError } from '../errors.js';
import type { DetectorKind } from '../face/index.js';
import { openRecognizer } from '../recognize/open-recognizer.js';
import { recognizePhoto } from '../recognize/recognize-photo.js';
import { readModelMeta } from '../train/model-dir.js';
import { DEFAULT_MIN_FACE_SCORE, toRecognizedFace } from './gallery-service.js';
import { readOnlyError, type ModelServiceInfo, type PersonSummary, type RecognitionService } from './service.js';

export interface ModelServiceOptions {
  /** The trained model folder (holding model.json). */
  readonly modelDir: string;
  /** Class-probability threshold in [0, 1] overriding the model's default (0.5). */
  readonly threshold?: number;
  /** Faces the detector scores below this are ignored, in [0, 1]. Default 0.8. */
  readonly minFaceScore?: number;
  /** Face detector. Default `mtcnn` (the paper's). */
  readonly detector?: DetectorKind;
}

const TRAIN_FIX = 'Give a folder written by `maskface train --out <dir>`.';

/** Checks the folder and its model.json before any model is loaded. */
async function checkModelDir(dir: string, threshold: number | undefined) {
  if (!existsSync(dir)) throw fileNotFound(dir, TRAIN_FIX);
  if (!statSync(dir).isDirectory()) {
    throw new MaskfaceError('MF_NOT_A_DIRECTORY', `${dir}: --model takes a trained model folder, not a file. ${TRAIN_FIX} A gallery file goes to --gallery.`, { file: dir });
  }
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) {
    throw invalidArgument('threshold of a trained model (a class probability)', 'a number in [0, 1]', threshold);
  }
  return readModelMeta(dir);
}

export async function openModelService(options: ModelServiceOptions): Promise<RecognitionService> {
  const meta = await checkModelDir(options.modelDir, options.threshold);
  const tf = await getTf();
  const opened = await openRecognizer(options.modelDir, {
    ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
    detector: options.detector ?? 'mtcnn',
  });
  const minFaceScore = options.minFaceScore ?? DEFAULT_MIN_FACE_SCORE;
  const info: ModelServiceInfo = {
    source: 'model',
    detector: opened.detector.name,
    embedder: meta.backbone,
    model: options.modelDir,
    classes: meta.classes.length,
    threshold: opened.recognizer.threshold,
  };
  const people: PersonSummary[] = [...meta.classes]
    .sort((a, b) => a.localeCompare(b))
    .map((name) => ({ name, photos: null, embeddings: null, enrolledAt: meta.createdAt }));

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
      opened.close();
    },
  };
}
