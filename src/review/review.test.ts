import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { readManifest } from '../data/manifest.js';
import { prepareDataset } from '../data/prepare.js';
import { launchChromium } from '../server/testing/browser.js';
import { makeRmfd, tempDir } from '../../test/helpers/synthetic-dataset.js';
import { startReviewServer } from './index.js';

/** Time for the page to load its sheet or save a click, in milliseconds. */
const PAGE_TIMEOUT_MS = 10_000;

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser.close();
});

async function readExcluded(dir: string): Promise<string[]> {
  return (JSON.parse(await readFile(join(dir, 'review.json'), 'utf8')) as { excluded: string[] }).excluded;
}

test('a click on the contact sheet excludes a photo in review.json, prepare honours it, and a second click restores it', async () => {
  const root = await tempDir();
  await makeRmfd(root, { anna: [3, 1], bo: [2, 2] });
  const out = join(root, 'prepared');
  await prepareDataset({ input: root, out, minUnmasked: 1, minMasked: 0 });
  const manifest = await readManifest(out);
  assert.equal(manifest.entries.length, 8);

  let server = await startReviewServer({ dir: out });
  const page = await browser.newPage();
  try {
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: PAGE_TIMEOUT_MS });
    assert.equal(await page.locator('section[data-person]').count(), 2, 'one contact sheet per person');
    assert.equal(await page.locator('figure').count(), 8);
    const loaded = await page.locator('figure img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth === 160).length);
    assert.equal(loaded, 8, 'every prepared 160 px photo is shown');

    const target = page.locator('section[data-person="bo"] figure').first();
    const source = await target.getAttribute('data-source');
    await target.click();
    await page.waitForSelector(`figure.excluded[data-source="${source}"]`, { timeout: PAGE_TIMEOUT_MS });
    assert.deepEqual(await readExcluded(out), [source]);
    assert.match((await page.textContent('#counts')) ?? '', /8 photos, 1 excluded/);
    await server.close();

    const report = await prepareDataset({ input: root, out, minUnmasked: 1, minMasked: 0 });
    assert.ok(report.excluded.some((e) => e.source === source && /by hand/.test(e.reason)));
    assert.ok(!(await readManifest(out)).entries.some((e) => e.source === source), 'prepare left the photo out');

    server = await startReviewServer({ dir: out });
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: PAGE_TIMEOUT_MS });
    const restored = page.locator(`figure.excluded[data-source="${source}"]`);
    assert.equal(await restored.count(), 1, 'a photo excluded earlier is still shown, marked, so it can be restored');
    await restored.click();
    await page.waitForSelector(`figure[data-source="${source}"]:not(.excluded)`, { timeout: PAGE_TIMEOUT_MS });
    assert.deepEqual(await readExcluded(out), []);
  } finally {
    await page.close();
    await server.close();
  }
});

test('the server refuses unknown photos and bad toggles without touching review.json', async () => {
  const root = await tempDir();
  await makeRmfd(root, { anna: [1, 0] });
  const out = join(root, 'prepared');
  await prepareDataset({ input: root, out, minUnmasked: 1, minMasked: 0 });
  const server = await startReviewServer({ dir: out });
  try {
    assert.equal((await fetch(`${server.url}photo/99`)).status, 404);
    assert.equal((await fetch(`${server.url}photo/..%2Fmanifest.json`)).status, 404);
    const bad = await fetch(`${server.url}api/toggle`, { method: 'POST', body: '{"id":"x"}' });
    assert.equal(bad.status, 400);
    assert.equal((await fetch(`${server.url}api/toggle`, { method: 'POST', body: 'x'.repeat(5000) })).status, 413);
    await assert.rejects(readFile(join(out, 'review.json')), { code: 'ENOENT' });
  } finally {
    await server.close();
  }
});
