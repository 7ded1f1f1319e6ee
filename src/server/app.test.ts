import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { buildApp } from './app.js';
import { createFakeService, multipart } from './testing/fake-service.js';

const DATASETS = resolve('../shared/datasets');
const MASKED_PHOTO = `${DATASETS}/rmfd-subset/AFDB_masked_face_dataset/aidai/0_0_0.jpg`;
const API_KEY = 'test-key-123456';

interface OpenApiDoc {
  paths: Record<string, Record<string, unknown>>;
}

describe('server routes (fake service)', () => {
  it('documents every route in /openapi.json and nothing more', async () => {
    const registered = new Set<string>();
    const app = await buildApp({ service: createFakeService(), onRoute: (method, url) => registered.add(`${method} ${url}`) });
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenApiDoc>();
    const documented = new Set<string>();
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) documented.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
    // fastify adds a HEAD route beside each GET by itself; HEAD is not documented separately.
    const routes = [...registered].filter((r) => !r.startsWith('HEAD '));
    assert.deepEqual([...routes].sort(), [...documented].sort());
    assert.equal(doc.paths['/recognize'] !== undefined, true);
    await app.close();
  });

  it('has an OpenAPI document whose references resolve and whose operations all answer something', async () => {
    const app = await buildApp({ service: createFakeService() });
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenApiDoc & { openapi: string; components: { schemas: Record<string, unknown> } }>();
    assert.match(doc.openapi, /^3\./);
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    assert.ok(refs.length > 0);
    for (const ref of refs) {
      const name = /#\/components\/schemas\/([^"]+)"/.exec(ref)?.[1];
      assert.ok(name !== undefined && doc.components.schemas[name] !== undefined, `${ref} resolves`);
    }
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        assert.ok(Object.keys((op as { responses?: object }).responses ?? {}).length > 0, `${method} ${path} documents its responses`);
      }
    }
    await app.close();
  });

  it('answers health, metrics and the page', async () => {
    const app = await buildApp({ service: createFakeService() });
    const health = await app.inject({ method: 'GET', url: '/health' });
    assert.equal(health.statusCode, 200);
    assert.equal(health.json<{ status: string }>().status, 'ok');
    const page = await app.inject({ method: 'GET', url: '/' });
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /<canvas id="result-canvas"/);
    assert.match(page.headers['content-security-policy'] as string, /script-src 'self'/);
    assert.equal((await app.inject({ method: 'GET', url: '/app.js' })).statusCode, 200);
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).json<{ requests: Record<string, { count: number }>; memory: { rssBytes: number } }>();
    assert.equal(metrics.requests['GET /health']?.count, 1);
    assert.equal(metrics.requests['GET /']?.count, 1);
    assert.ok(metrics.memory.rssBytes > 0);
    await app.close();
  });

  it('recognises an uploaded photo and enrols, lists and removes people with the key', async () => {
    const service = createFakeService();
    const app = await buildApp({ service, config: { apiKey: API_KEY } });
    const photo = await readFile(MASKED_PHOTO);

    const before = await app.inject({ method: 'POST', url: '/recognize', ...multipart([{ name: 'photo', value: photo, filename: 'a.jpg' }]) });
    assert.equal(before.statusCode, 200);
    const result = before.json<{ width: number; height: number; faces: Array<{ name: string; masked: boolean }> }>();
    assert.equal(result.faces[0]?.name, 'unknown');
    assert.equal(result.width, service.seen[0]?.width);

    const body = multipart([
      { name: 'name', value: 'Ai Dai' },
      { name: 'photos', value: photo, filename: 'one.jpg' },
      { name: 'photos', value: photo, filename: 'two.jpg' },
    ]);
    const enrolled = await app.inject({ method: 'POST', url: '/people', payload: body.payload, headers: { ...body.headers, 'x-api-key': API_KEY } });
    assert.equal(enrolled.statusCode, 201, enrolled.body);
    assert.deepEqual(enrolled.json(), { name: 'Ai Dai', photos: 2, embeddings: 2 });

    const people = (await app.inject({ method: 'GET', url: '/people' })).json<{ people: Array<{ name: string; photos: number }> }>();
    assert.deepEqual(people.people.map((p) => [p.name, p.photos]), [['Ai Dai', 2]]);

    const after = await app.inject({ method: 'POST', url: '/recognize', ...multipart([{ name: 'photo', value: photo, filename: 'a.jpg' }]) });
    assert.equal(after.json<{ faces: Array<{ name: string }> }>().faces[0]?.name, 'Ai Dai');

    const removed = await app.inject({ method: 'DELETE', url: `/people/${encodeURIComponent('Ai Dai')}`, headers: { 'x-api-key': API_KEY } });
    assert.equal(removed.statusCode, 200);
    assert.deepEqual(removed.json(), { removed: 'Ai Dai' });
    assert.deepEqual((await app.inject({ method: 'GET', url: '/people' })).json(), { people: [] });
    await app.close();
  });

  it('queues jobs and answers 503 MF_BUSY only when the queue is full', async () => {
    const service = createFakeService();
    service.delayMs = 200;
    const app = await buildApp({ service, config: { maxConcurrentJobs: 1, maxQueuedJobs: 1 } });
    const photo = await readFile(MASKED_PHOTO);
    const send = () => app.inject({ method: 'POST', url: '/recognize', ...multipart([{ name: 'photo', value: photo, filename: 'a.jpg' }]) });
    const answers = await Promise.all([send(), send(), send()]);
    const codes = answers.map((a) => a.statusCode).sort();
    assert.deepEqual(codes, [200, 200, 503]);
    const busy = answers.find((a) => a.statusCode === 503);
    assert.equal(busy?.json<{ error: { code: string } }>().error.code, 'MF_BUSY');
    await app.close();
  });

  it('refuses to expose data-changing routes to the network without a key', async () => {
    await assert.rejects(buildApp({ service: createFakeService(), config: { host: '0.0.0.0' } }), { code: 'MF_INVALID_ARGUMENT' });
  });
});
