import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { buildApp } from './app.js';
import { launchChromium } from './testing/browser.js';
import type { RecognitionService } from './service.js';
import { createFakeService } from './testing/fake-service.js';

const RMFD = resolve('../shared/datasets/rmfd-subset');
const MASKED_PHOTO = `${RMFD}/AFDB_masked_face_dataset/aidai/0_0_0.jpg`;
const UNMASKED_PHOTOS = [`${RMFD}/AFDB_face_dataset/aidai/0_0_aidai_0014.jpg`, `${RMFD}/AFDB_face_dataset/aidai/0_0_aidai_0029.jpg`];
const API_KEY = 'page-test-key-42';
/** The page draws known faces in this colour (app.js COLOR_KNOWN, #2a9d8f). */
const KNOWN_RGB = [0x2a, 0x9d, 0x8f];
const COLOR_TOLERANCE_LEVELS = 2;
const UI_TIMEOUT_MS = 10_000;
const LIVE_FRAMES = 3;

describe('web page in headless Chromium (fake service)', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  const service = createFakeService();

  before(async () => {
    app = await buildApp({ service, config: { apiKey: API_KEY } });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    // A fake camera, allowed without a prompt, so the webcam path runs too.
    browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);
    page = await browser.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(url);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  const text = (selector: string) => page.locator(selector).textContent();

  it('shows the service behind it', async () => {
    await page.waitForFunction(() => document.getElementById('health')?.textContent?.includes('fake-detector'));
    assert.equal(await text('#people-status'), 'Nobody is enrolled yet.');
  });

  it('refuses to enrol without the key and says why', async () => {
    await page.fill('#enroll-name', 'Ai Dai');
    await page.setInputFiles('#enroll-photos', UNMASKED_PHOTOS);
    await page.click('#enroll-submit');
    await page.waitForFunction(() => document.getElementById('enroll-status')?.textContent?.includes('MF_UNAUTHORIZED'));
  });

  it('enrols a person from photos and lists them', async () => {
    await page.fill('#api-key', API_KEY);
    await page.dispatchEvent('#api-key', 'change');
    await page.click('#enroll-submit');
    await page.waitForFunction(() => document.getElementById('enroll-status')?.textContent?.startsWith('Enrolled Ai Dai'));
    await page.locator('#people-list li[data-name="Ai Dai"]').waitFor();
    assert.match((await text('#people-list')) ?? '', /Ai Dai \(2 photos\)/);
  });

  it('recognises an uploaded photo and draws the box and name', async () => {
    await page.setInputFiles('#photo-input', MASKED_PHOTO);
    await page.waitForFunction(() => document.getElementById('recognize-status')?.textContent?.includes('Ai Dai'));
    assert.match((await text('#faces-table tbody')) ?? '', /Ai Dai/);
    // The fake puts the face box at a quarter of the photo: its left edge is drawn in the known colour.
    const pixel = await page.evaluate(() => {
      const canvas = document.getElementById('result-canvas') as HTMLCanvasElement;
      const ctx = canvas.getContext('2d');
      return [...(ctx?.getImageData(Math.round(canvas.width / 4), Math.round(canvas.height / 2), 1, 1).data ?? [])];
    });
    for (const [i, level] of KNOWN_RGB.entries()) assert.ok(Math.abs((pixel[i] ?? -99) - level) <= COLOR_TOLERANCE_LEVELS, `pixel ${pixel} is the known colour`);
  });

  it('recognises a webcam frame', async () => {
    await page.click('#webcam-start');
    await page.locator('#webcam-capture').waitFor({ state: 'visible' });
    await page.click('#webcam-capture');
    await page.waitForFunction(() => /1 face\(s\): Ai Dai/.test(document.getElementById('recognize-status')?.textContent ?? ''));
    const size = await page.evaluate(() => {
      const canvas = document.getElementById('result-canvas') as HTMLCanvasElement;
      return [canvas.width, canvas.height];
    });
    assert.deepEqual(size, [640, 480]);
    // Live mode sends frame after frame until it is switched off.
    const before = service.seen.length;
    await page.check('#webcam-live');
    const deadline = Date.now() + UI_TIMEOUT_MS;
    while (service.seen.length < before + LIVE_FRAMES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await page.click('#webcam-stop');
    assert.ok(service.seen.length >= before + LIVE_FRAMES, `live mode sent ${service.seen.length - before} frames`);
  });

  it('removes a person', async () => {
    await page.click('#people-list li[data-name="Ai Dai"] button.remove');
    await page.waitForFunction(() => document.getElementById('people-status')?.textContent === 'Nobody is enrolled yet.');
  });
});

describe('web page over a trained model (fake read-only service)', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  const CLASSES = ['aidai', 'baobeier'];

  before(async () => {
    const fake = createFakeService();
    const service: RecognitionService = {
      ...fake,
      info: { source: 'model', method: 'classifier', detector: 'fake-detector', embedder: 'vgg16', model: 'runs/tiny', classes: CLASSES.length, threshold: 0.5 },
      listPeople: async () => CLASSES.map((name) => ({ name, photos: null, embeddings: null, enrolledAt: new Date(0).toISOString() })),
    };
    app = await buildApp({ service });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(url);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the model, lists its classes without remove buttons and switches enrolment off', async () => {
    await page.waitForFunction(() => document.getElementById('people-status')?.textContent?.includes('classes of the trained model'));
    assert.match((await page.locator('#health').textContent()) ?? '', /trained model runs\/tiny \(2 classes, read only\)/);
    assert.deepEqual(await page.locator('#people-list li').evaluateAll((items) => items.map((li) => li.getAttribute('data-name'))), CLASSES);
    assert.equal(await page.locator('#people-list button.remove').count(), 0);
    assert.equal(await page.locator('#enroll-submit').isDisabled(), true);
    assert.match((await page.locator('#enroll-status').textContent()) ?? '', /trained model/);
  });
});
