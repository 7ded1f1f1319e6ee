import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { buildApp } from './app.js';
import { multipart } from './testing/fake-service.js';
import { openWorkerService } from './worker-service.js';

const DATASETS = resolve('../shared/datasets');
const AIDAI = `${DATASETS}/rmfd-subset/AFDB_face_dataset/aidai`;
const ENROL_PHOTOS = ['0_0_aidai_0014.jpg', '0_0_aidai_0029.jpg', '0_0_aidai_0043.jpg'].map((f) => `${AIDAI}/${f}`);
const PROBE = `${AIDAI}/0_0_aidai_0074.jpg`;
const STRANGER = `${DATASETS}/lfw-strangers/AJ_Lamas/AJ_Lamas_0001.jpg`;
const API_KEY = 'real-service-key';
/**
 * Threshold fixed for this test, so it checks the server's wiring with the default encoder (the one
 * `maskface serve` gives a new gallery), not the gallery's calibration: with faceres+upper+arcface-mobilefacenet
 * the probe scores ~0.45 and the stranger ~0.22 (`maskface identify --json`; the gallery's own cohort
 * threshold for these three samples is 0.31). A sample stored under another name than the encoder's
 * would leave the probe unknown.
 */
const THRESHOLD = 0.33;

interface Face { name: string; confidence: number; masked: boolean | null; box: { width: number } }

describe('server over the real gallery, detector and embedder (worker thread)', () => {
  let dir: string;
  let app: FastifyInstance;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'maskface-real-'));
    // Synthetic masks off: they load the landmark model and triple enrolment time; serve has them on.
    const service = await openWorkerService({ galleryPath: join(dir, 'gallery.db'), syntheticMasks: false, threshold: THRESHOLD });
    app = await buildApp({ service, config: { apiKey: API_KEY } });
  });
  after(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const recognize = async (path: string | Buffer) => {
    const value = typeof path === 'string' ? await readFile(path) : path;
    const r = await app.inject({ method: 'POST', url: '/recognize', ...multipart([{ name: 'photo', value, filename: 'probe.jpg' }]) });
    assert.equal(r.statusCode, 200, r.body);
    return r.json<{ faces: Face[] }>().faces;
  };
  const enrol = async (name: string, photos: Array<{ value: Buffer; filename: string }>) => {
    const body = multipart([{ name: 'name', value: name }, ...photos.map((p) => ({ name: 'photos', ...p }))]);
    return app.inject({ method: 'POST', url: '/people', payload: body.payload, headers: { ...body.headers, 'x-api-key': API_KEY } });
  };
  const tensors = async () => (await app.inject({ method: 'GET', url: '/metrics' })).json<{ tensors: number }>().tensors;

  it('enrols from photos and names the person in another photo; a stranger is unknown; no tensor leaks', async () => {
    const photos = await Promise.all(ENROL_PHOTOS.map(async (p) => ({ value: await readFile(p), filename: p.split('/').pop()! })));
    const enrolled = await enrol('Ai Dai', photos);
    assert.equal(enrolled.statusCode, 201, enrolled.body);
    assert.deepEqual(enrolled.json(), { name: 'Ai Dai', photos: 3, embeddings: 3 });

    await recognize(PROBE); // warm-up: the first inference allocates kernels' tensors once
    const before = await tensors();
    const [probe] = await recognize(PROBE);
    assert.equal(probe?.name, 'Ai Dai');
    assert.equal(typeof probe?.masked, 'boolean');
    const stranger = await recognize(STRANGER);
    assert.equal(stranger.length, 1);
    assert.equal(stranger[0]?.name, 'unknown');
    assert.equal(await tensors(), before, 'live tensors unchanged after recognitions');
  });

  it('an enrolment with one faceless photo is refused whole (422 MF_NO_FACE) and stores nothing', async () => {
    const blank = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#808080' } }).jpeg().toBuffer();
    const refused = await enrol('Half Person', [{ value: await readFile(PROBE), filename: 'face.jpg' }, { value: blank, filename: 'blank.jpg' }]);
    assert.equal(refused.statusCode, 422, refused.body);
    assert.equal(refused.json<{ error: { code: string; message: string } }>().error.code, 'MF_NO_FACE');
    assert.match(refused.json<{ error: { message: string } }>().error.message, /blank\.jpg/);
    const people = (await app.inject({ method: 'GET', url: '/people' })).json<{ people: Array<{ name: string }> }>().people;
    assert.deepEqual(people.map((p) => p.name), ['Ai Dai']);
  });

  it('after removal the person is unknown again', async () => {
    const removed = await app.inject({ method: 'DELETE', url: '/people/Ai%20Dai', headers: { 'x-api-key': API_KEY } });
    assert.equal(removed.statusCode, 200);
    const [probe] = await recognize(PROBE);
    assert.equal(probe?.name, 'unknown');
  });
});
