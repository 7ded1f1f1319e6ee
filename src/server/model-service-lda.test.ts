import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeImage, writeFileAtomic } from '../image/io.js';
import { trainLdaRecognizer, type TrainingVector } from '../methods/lda-recognizer.js';
import { MASK_ROBUST_NAME, MASK_ROBUST_PARTS } from '../methods/mask-robust-features.js';
import { UNKNOWN } from '../recognize/open-set.js';
import { BACKBONE_DIMENSIONS } from '../model-folder/backbones.js';
import { LDA_MODEL_FORMAT, LDA_RECOGNIZER_FILE, type LdaModelMeta } from '../model-folder/lda-model-dir.js';
import { MODEL_FILE } from '../model-folder/model-dir.js';
import { openModelService } from './model-service.js';
import type { RecognitionService } from './service.js';

const PROBE = resolve('../shared/datasets/rmfd-subset/AFDB_face_dataset/aidai/0_0_aidai_0074.jpg');
const CLASSES = ['anna', 'bert', 'cleo'];
const VECTORS_PER_CLASS = 6;
/** A cosine threshold an lda model accepts and a classifier model would refuse (it is below 0). */
const NEGATIVE_COSINE_THRESHOLD = -0.5;

/** Deterministic pseudo-random vectors around one centre per class (no real training photos needed). */
function syntheticVectors(dimension: number): TrainingVector[] {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
  const out: TrainingVector[] = [];
  for (const label of CLASSES) {
    const centre = Float32Array.from({ length: dimension }, random);
    for (let i = 0; i < VECTORS_PER_CLASS; i++) {
      out.push({ label, masked: i % 2 === 0, vector: centre.map((v) => v + 0.3 * random()) });
    }
  }
  return out;
}

/**
 * An lda model folder as `maskface train --method lda` writes it, fitted on synthetic vectors of the
 * mask-robust dimension: the test checks that the server opens this kind of model, not its accuracy.
 */
async function writeSyntheticLdaModel(dir: string): Promise<void> {
  const dimension = MASK_ROBUST_PARTS.reduce((n, p) => n + BACKBONE_DIMENSIONS[p.embedder], 0);
  const recognizer = trainLdaRecognizer(syntheticVectors(dimension), { pcaDimensions: 8, candidates: [] });
  const meta: LdaModelMeta = {
    format: LDA_MODEL_FORMAT, version: 1, method: 'lda', classes: CLASSES, embedder: MASK_ROBUST_NAME, dimension, inputSize: 160,
    preprocessing: 'synthetic vectors (test)', recognizer: LDA_RECOGNIZER_FILE, threshold: recognizer.threshold, options: {},
    counts: { train: CLASSES.length * VECTORS_PER_CLASS, trainMasked: 9, trainUnmasked: 9, test: 0 },
    testAccuracy: 0, software: {}, createdAt: new Date(0).toISOString(),
  };
  await writeFileAtomic(join(dir, LDA_RECOGNIZER_FILE), JSON.stringify(recognizer.toJSON()));
  await writeFileAtomic(join(dir, MODEL_FILE), JSON.stringify(meta));
}

describe('model service over an lda model folder (maskface train --method lda)', () => {
  let dir: string;
  let service: RecognitionService | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'maskface-model-service-lda-'));
    await writeSyntheticLdaModel(dir);
  });
  after(async () => {
    await service?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a threshold outside [-1, 1] before loading anything', async () => {
    await assert.rejects(openModelService({ modelDir: dir, threshold: 1.5 }), (err: { code: string; message: string }) => err.code === 'MF_INVALID_ARGUMENT' && /cosine in \[-1, 1\]/.test(err.message));
  });

  it('opens it with a negative cosine threshold, describes it as lda, lists its classes and recognises a photo', async () => {
    service = await openModelService({ modelDir: dir, threshold: NEGATIVE_COSINE_THRESHOLD });
    assert.deepEqual({ ...service.info, detector: undefined }, { source: 'model', method: 'lda', embedder: MASK_ROBUST_NAME, model: dir, classes: CLASSES.length, threshold: NEGATIVE_COSINE_THRESHOLD, detector: undefined });
    assert.deepEqual((await service.listPeople()).map((p) => p.name), CLASSES);
    const faces = await service.recognize(await decodeImage(PROBE));
    assert.equal(faces.length, 1);
    assert.ok([...CLASSES, UNKNOWN].includes(faces[0]!.name), faces[0]!.name);
    await assert.rejects(service.removePerson('anna'), (err: { code: string }) => err.code === 'MF_READ_ONLY');
  });
});
