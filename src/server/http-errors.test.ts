/**
 * Issue 25, point 5 (and the API's side of point 4's name rule): a malformed multipart body is the
 * client's 400, a 500 is logged even without --log, a 503 MF_BUSY says when to retry, and any
 * enrolled name can be removed with the URL the page builds.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { buildApp } from './app.js';
import { BUSY_RETRY_AFTER_S } from './error-reply.js';
import { createFakeService, multipart } from './testing/fake-service.js';

const PHOTO = resolve('test/fixtures/rmfd-mini/AFDB_masked_face_dataset/caizhuoyan/0_0_0.jpg');
const API_KEY = 'test-key-123456';

test('a multipart body without its closing boundary, or without a boundary, answers 400 MF_BAD_MULTIPART', async () => {
  const app = await buildApp({ service: createFakeService() });
  try {
    const photo = await readFile(PHOTO);
    const whole = multipart([{ name: 'photo', value: photo, filename: 'p.jpg' }]);
    const cut = whole.payload.subarray(0, whole.payload.length - 40);
    const truncated = await app.inject({ method: 'POST', url: '/recognize', payload: cut, headers: whole.headers });
    assert.equal(truncated.statusCode, 400, truncated.body);
    assert.equal(truncated.json<{ error: { code: string } }>().error.code, 'MF_BAD_MULTIPART');
    const noBoundary = await app.inject({ method: 'POST', url: '/recognize', payload: whole.payload, headers: { 'content-type': 'multipart/form-data' } });
    assert.equal(noBoundary.statusCode, 400, noBoundary.body);
    assert.match(noBoundary.json<{ error: { code: string } }>().error.code, /^MF_(BAD_MULTIPART|MISSING_FIELD)$/);
    const ok = await app.inject({ method: 'POST', url: '/recognize', ...whole });
    assert.equal(ok.statusCode, 200, 'the server keeps serving');
  } finally {
    await app.close();
  }
});

test('a 500 MF_INTERNAL is logged on stderr without --log, and the client gets no details', async () => {
  const service = createFakeService();
  service.recognize = () => Promise.reject(new Error('disk on fire at /secret/path'));
  const app = await buildApp({ service });
  const written: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    const answer = await app.inject({ method: 'POST', url: '/recognize', ...multipart([{ name: 'photo', value: await readFile(PHOTO), filename: 'p.jpg' }]) });
    assert.equal(answer.statusCode, 500);
    assert.doesNotMatch(answer.body, /secret/);
  } finally {
    process.stderr.write = write;
    await app.close();
  }
  assert.match(written.join(''), /POST \/recognize failed \(500 MF_INTERNAL\): Error: disk on fire at \/secret\/path/);
});

test('503 MF_BUSY carries Retry-After', async () => {
  const service = createFakeService();
  service.delayMs = 300;
  const app = await buildApp({ service, config: { maxConcurrentJobs: 1, maxQueuedJobs: 0 } });
  try {
    const photo = await readFile(PHOTO);
    const send = () => app.inject({ method: 'POST', url: '/recognize', ...multipart([{ name: 'photo', value: photo, filename: 'p.jpg' }]) });
    const answers = await Promise.all([send(), send(), send()]);
    const busy = answers.find((a) => a.statusCode === 503);
    assert.ok(busy !== undefined, `statuses ${answers.map((a) => a.statusCode).join(', ')}`);
    assert.equal(busy.json<{ error: { code: string } }>().error.code, 'MF_BUSY');
    assert.equal(busy.headers['retry-after'], String(BUSY_RETRY_AFTER_S));
  } finally {
    await app.close();
  }
});

test('a name enrolled before the name rule ("<img src=x> ../x") is removed with the URL the page builds', async () => {
  const service = createFakeService();
  const app = await buildApp({ service, config: { apiKey: API_KEY } });
  try {
    const legacy = '<img src=x> ../x';
    const image = { width: 1, height: 1, data: new Uint8Array(3) };
    await service.enroll(legacy, [{ image, label: 'old.jpg', sha256: 'x' }]);
    // The same name sent to POST /people is refused, as `maskface enroll` refuses it.
    const form = multipart([{ name: 'name', value: legacy }, { name: 'photos', value: await readFile(PHOTO), filename: 'p.jpg' }]);
    const refused = await app.inject({ method: 'POST', url: '/people', payload: form.payload, headers: { ...form.headers, 'x-api-key': API_KEY } });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.equal(refused.json<{ error: { code: string } }>().error.code, 'MF_INVALID_ARGUMENT');
    const removed = await app.inject({ method: 'DELETE', url: `/people/${encodeURIComponent(legacy)}`, headers: { 'x-api-key': API_KEY } });
    assert.equal(removed.statusCode, 200, removed.body);
    assert.deepEqual(removed.json(), { removed: legacy });
    assert.deepEqual(await service.listPeople(), []);
  } finally {
    await app.close();
  }
});
