/**
 * `maskface serve` on a PostgreSQL gallery that another process writes to: the worker keeps the
 * gallery's embeddings in memory, and must reload them when someone else enrols or removes people
 * (NOTIFY), or one server would keep naming people that another removed. The other process is
 * played by a plain gallery connection in the test, so only one set of models is loaded.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { Gallery } from '../recognize/gallery.js';
import { openGallery } from '../recognize/open-gallery.js';
import { buildApp } from './app.js';
import { multipart } from './testing/fake-service.js';
import { openWorkerService } from './worker-service.js';

const SERVER = process.env.MASKFACE_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const AIDAI = resolve('../shared/datasets/rmfd-subset/AFDB_face_dataset/aidai');
const ENROL_PHOTOS = ['0_0_aidai_0014.jpg', '0_0_aidai_0029.jpg', '0_0_aidai_0043.jpg'].map((f) => `${AIDAI}/${f}`);
const PROBE = `${AIDAI}/0_0_aidai_0074.jpg`;
const API_KEY = 'shared-gallery-key';
/** As real-service.test.ts: the probe scores ~0.45 against Ai Dai's samples with the default encoder. */
const THRESHOLD = 0.33;
/** Longest wait for the server to reload after another process's change, in ms (a recognition takes ~1 s here). */
const RELOAD_TIMEOUT_MS = 15_000;

describe('serve on a PostgreSQL gallery changed by another process', () => {
  const schema = `mf_test_${randomBytes(5).toString('hex')}`;
  const url = new URL(SERVER);
  url.searchParams.set('gallery', schema);
  let app: FastifyInstance;
  let other: Gallery;
  before(async () => {
    const service = await openWorkerService({ galleryPath: url.toString(), syntheticMasks: false, threshold: THRESHOLD });
    app = await buildApp({ service, config: { apiKey: API_KEY } });
    other = await openGallery(url.toString());
  });
  after(async () => {
    await other?.close();
    await app?.close();
    const admin = new pg.Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  const namesIn = async (path: string): Promise<string[]> => {
    const r = await app.inject({ method: 'POST', url: '/recognize', ...multipart([{ name: 'photo', value: await readFile(path), filename: 'probe.jpg' }]) });
    assert.equal(r.statusCode, 200, r.body);
    return r.json<{ faces: Array<{ name: string }> }>().faces.map((f) => f.name);
  };
  const eventually = async (expected: string): Promise<void> => {
    const deadline = Date.now() + RELOAD_TIMEOUT_MS;
    let names = await namesIn(PROBE);
    while (!names.includes(expected) && Date.now() < deadline) names = await namesIn(PROBE);
    assert.deepEqual(names, [expected]);
  };

  it('names people another process enrolled, and stops naming those it removed', async () => {
    const photos = await Promise.all(ENROL_PHOTOS.map(async (p) => ({ name: 'photos', value: await readFile(p), filename: p.split('/').pop()! })));
    const body = multipart([{ name: 'name', value: 'Ai Dai' }, ...photos]);
    const enrolled = await app.inject({ method: 'POST', url: '/people', payload: body.payload, headers: { ...body.headers, 'x-api-key': API_KEY } });
    assert.equal(enrolled.statusCode, 201, enrolled.body);
    assert.deepEqual(await namesIn(PROBE), ['Ai Dai']);

    // The other process copies her samples under another name and removes her.
    const embedder = (await app.inject({ method: 'GET', url: '/health' })).json<{ service: { embedder: string } }>().service.embedder;
    const samples = (await other.embeddings(embedder)).map((e, i) => ({ embedder, vector: e.vector, kind: e.kind, sourceHash: `copy-${i}`, source: `copy-${i}` }));
    await other.enrol('Ai Dai (copy)', samples);
    await other.remove('Ai Dai');
    await eventually('Ai Dai (copy)');

    await other.remove('Ai Dai (copy)');
    await eventually('unknown');
  });
});
