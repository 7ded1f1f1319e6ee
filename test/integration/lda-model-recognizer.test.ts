/**
 * Training and recognition meet here, outside both stages (src/stages.test.ts keeps src/train and
 * src/recognize apart): a model folder written by `trainModel({ method: 'lda' })` on real RMFD
 * faces is read by the recognizer that `maskface recognize <model-dir>` uses.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ManifestEntry } from '../../src/data/manifest.js';
import { getTf } from '../../src/engine/tf.js';
import { decodeImage } from '../../src/image/io.js';
import { readLdaModel } from '../../src/model-folder/lda-model-dir.js';
import { LdaModelRecognizer } from '../../src/recognize/lda-model-recognizer.js';
import { trainModel } from '../../src/train/train-model.js';
import { skipWithoutRmfd, writeRmfdSample } from '../helpers/rmfd-sample.js';

const dir = mkdtempSync(join(tmpdir(), 'maskface-lda-recognizer-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const data = join(dir, 'data');
const PEOPLE = 3;

test('an lda model folder is a Recognizer: a face in a photo gets a name (or unknown) and ranked candidates', { skip: skipWithoutRmfd }, async () => {
  await writeRmfdSample(data, PEOPLE);
  // No background people: the folder and the recognizer are the same, and fitting the shipped
  // background's PCA took about 35 s here (src/train/lda-model.test.ts trains with it).
  await trainModel({ method: 'lda', dataDir: data, outDir: join(dir, 'lda'), background: false });
  const tf = await getTf();
  const recognizer = await LdaModelRecognizer.load(join(dir, 'lda'));
  const before = tf.memory().numTensors;
  try {
    const manifest = JSON.parse(readFileSync(join(data, 'manifest.json'), 'utf8')) as { entries: ManifestEntry[] };
    const probe = manifest.entries.find((e) => e.split === 'test' && e.group === 'masked')!;
    const image = await decodeImage(join(data, probe.output));
    // An RMFD photo is a tight crop already: the whole photo is the face box.
    const answer = await recognizer.recognize(image, { box: { x: 0, y: 0, width: image.width, height: image.height }, score: 1 });
    assert.equal(tf.memory().numTensors, before);
    assert.ok([...recognizer.people, 'unknown'].includes(answer.name));
    assert.equal(answer.candidates.length, PEOPLE);
    assert.equal(answer.confidence, answer.candidates[0]?.score);
    assert.equal(recognizer.threshold, (await readLdaModel(join(dir, 'lda'))).meta.threshold);
  } finally {
    recognizer.dispose();
  }
});
