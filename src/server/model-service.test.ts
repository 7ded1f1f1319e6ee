import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { writeTinyDataset } from '../train/testing/tiny-dataset.js';
import { trainModel } from '../train/train-model.js';
import { buildApp } from './app.js';
import { openModelService } from './model-service.js';
import { multipart } from './testing/fake-service.js';
import { openWorkerService } from './worker-service.js';

const PROBE = resolve('../shared/datasets/rmfd-subset/AFDB_face_dataset/aidai/0_0_aidai_0074.jpg');
const API_KEY = 'model-service-key';
/** A VGG-shaped network small enough to train for one epoch in a test (as model-recognizer.test.ts does). */
const TINY = { inputSize: 32, vgg16Blocks: [[2, 2], [2, 2], [4, 4, 4], [4, 4, 4], [8, 8, 8]], batchSize: 6, microBatchSize: 4, learningRate: 1e-3 };
const CLASSES = ['person_0', 'person_1', 'person_2'];
/**
 * Probability threshold 0: the tiny model (trained on coloured stripes) names every face one of its
 * classes, so the test checks the server's wiring, not the model's accuracy.
 */
const THRESHOLD = 0;

interface Face { name: string; confidence: number; masked: boolean | null; detectionScore: number }
interface ErrorBody { error: { code: string; message: string } }

describe('server over a trained model folder (worker thread, read only)', () => {
  let dir: string;
  let modelDir: string;
  let app: FastifyInstance;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'maskface-model-service-'));
    modelDir = join(dir, 'model');
    await writeTinyDataset(join(dir, 'data'), { people: CLASSES.length, photosPerPerson: 6, size: 32, testPerPerson: 2 });
    await trainModel({ dataDir: join(dir, 'data'), outDir: modelDir, epochs: 1, ...TINY }, { warn: () => undefined });
    const service = await openWorkerService({ modelDir, threshold: THRESHOLD });
    app = await buildApp({ service, config: { apiKey: API_KEY } });
  });
  after(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const recognize = async () => {
    const r = await app.inject({ method: 'POST', url: '/recognize', ...multipart([{ name: 'photo', value: await readFile(PROBE), filename: 'probe.jpg' }]) });
    assert.equal(r.statusCode, 200, r.body);
    return r.json<{ faces: Face[] }>().faces;
  };
  const tensors = async () => (await app.inject({ method: 'GET', url: '/metrics' })).json<{ tensors: number }>().tensors;

  it('describes the model in /health and lists its classes as the people', async () => {
    const health = (await app.inject({ method: 'GET', url: '/health' })).json<{ service: Record<string, unknown> }>();
    assert.deepEqual({ ...health.service, detector: undefined }, { source: 'model', method: 'classifier', model: modelDir, classes: CLASSES.length, embedder: 'vgg16', threshold: THRESHOLD, detector: undefined });
    const people = (await app.inject({ method: 'GET', url: '/people' })).json<{ people: Array<{ name: string; photos: number | null }> }>().people;
    assert.deepEqual(people.map((p) => p.name), CLASSES);
    assert.ok(people.every((p) => p.photos === null));
  });

  it('recognises a photo with the model: one face named one of its classes, a probability, a mask verdict; no tensor leaks', async () => {
    await recognize(); // warm-up: the first inference allocates kernels' tensors once
    const before = await tensors();
    const faces = await recognize();
    assert.equal(faces.length, 1);
    const [face] = faces;
    assert.ok(CLASSES.includes(face!.name), face!.name);
    assert.ok(face!.confidence >= 0 && face!.confidence <= 1, `class probability ${face!.confidence}`);
    assert.equal(typeof face!.masked, 'boolean');
    assert.equal(await tensors(), before, 'live tensors unchanged after a recognition');
  });

  it('refuses enrolment and removal with 409 MF_READ_ONLY (with or without the key) and keeps serving', async () => {
    const form = multipart([{ name: 'name', value: 'Ai Dai' }, { name: 'photos', value: await readFile(PROBE), filename: 'a.jpg' }]);
    const attempts = [
      await app.inject({ method: 'POST', url: '/people', payload: form.payload, headers: { ...form.headers, 'x-api-key': API_KEY } }),
      await app.inject({ method: 'POST', url: '/people', payload: form.payload, headers: form.headers }),
      await app.inject({ method: 'DELETE', url: '/people/person_0', headers: { 'x-api-key': API_KEY } }),
    ];
    for (const r of attempts) {
      assert.equal(r.statusCode, 409, r.body);
      const { error } = r.json<ErrorBody>();
      assert.equal(error.code, 'MF_READ_ONLY');
      assert.match(error.message, /trained model.*--gallery.*maskface train/s);
    }
    const people = (await app.inject({ method: 'GET', url: '/people' })).json<{ people: Array<{ name: string }> }>().people;
    assert.deepEqual(people.map((p) => p.name), CLASSES);
    assert.equal((await recognize()).length, 1);
    assert.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
  });

  it('documents MF_READ_ONLY on the routes that change people', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>> }>();
    assert.match(doc.paths['/people']!.post!.responses['409']!.description, /MF_READ_ONLY/);
    assert.match(doc.paths['/people/{name}']!.delete!.responses['409']!.description, /MF_READ_ONLY/);
  });

  it('refuses a folder without model.json, a file, and a threshold outside [0, 1], before loading any model', async () => {
    await assert.rejects(openModelService({ modelDir: join(dir, 'data') }), (err: ErrorBody['error']) => err.code === 'MF_FILE_NOT_FOUND' && /model\.json/.test(err.message));
    const file = join(dir, 'gallery.db');
    await writeFile(file, '');
    await assert.rejects(openModelService({ modelDir: file }), (err: ErrorBody['error']) => err.code === 'MF_NOT_A_DIRECTORY' && /--gallery/.test(err.message));
    await assert.rejects(openModelService({ modelDir, threshold: -0.5 }), (err: ErrorBody['error']) => err.code === 'MF_INVALID_ARGUMENT');
  });
});
