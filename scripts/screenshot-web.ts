/**
 * Generates docs/screenshot-web.png: the web page, driven in headless Chromium against the real
 * service (SQLite gallery in a temporary folder, MTCNN, faceres, synthetic-mask enrolment), after
 * enrolling two RMFD people from their unmasked photos through the page's form and recognising a
 * strip of three face crops: both people wearing masks, and an LFW stranger who was never enrolled.
 *
 *   node --import tsx scripts/screenshot-web.ts [--out docs/screenshot-web.png]
 *
 * Fails (exit 1) unless at least one masked face is recognised by name.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { writeFileAtomic } from '../src/image/io.js';
import { buildApp } from '../src/server/app.js';
import { launchChromium } from '../src/server/testing/browser.js';
import { openWorkerService } from '../src/server/worker-service.js';

const DATASETS = resolve('../shared/datasets');
const AFDB = `${DATASETS}/rmfd-subset/AFDB_face_dataset`;
const MASKED = `${DATASETS}/rmfd-subset/AFDB_masked_face_dataset`;
const PEOPLE = [
  { name: 'Jing Tian', folder: 'jingtian', masked: '0_0_16.jpg' },
  { name: 'Du Haitao', folder: 'duhaitao', masked: '0_0_1.jpg' },
];
const STRANGER = `${DATASETS}/lfw-strangers/AJ_Lamas/AJ_Lamas_0001.jpg`;
const TILE = 160;
/** Room around and between the crops, in pixels, so each label fits above its box. */
const GAP = 24;
const TOP_MARGIN = 40;
const API_KEY = 'screenshot-key-01';
const UI_TIMEOUT_MS = 180_000;

const { values: args } = parseArgs({ options: { out: { type: 'string', default: 'docs/screenshot-web.png' } } });

/** The three faces side by side, as one photo: RMFD crops are 160 x 160; the LFW photo is cut to its face. */
async function faceStrip(path: string): Promise<void> {
  const tiles = await Promise.all([
    ...PEOPLE.map((p) => sharp(`${MASKED}/${p.folder}/${p.masked}`).resize(TILE, TILE).toBuffer()),
    sharp(STRANGER).extract({ left: 55, top: 55, width: 140, height: 140 }).resize(TILE, TILE).toBuffer(),
  ]);
  const width = tiles.length * (TILE + GAP) + GAP;
  const strip = await sharp({ create: { width, height: TOP_MARGIN + TILE + GAP, channels: 3, background: '#dfe4ea' } })
    .composite(tiles.map((input, i) => ({ input, left: GAP + i * (TILE + GAP), top: TOP_MARGIN })))
    .jpeg({ quality: 95 })
    .toBuffer();
  await writeFileAtomic(path, strip);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'maskface-screenshot-'));
  const service = await openWorkerService({ galleryPath: join(dir, 'gallery.db'), embedder: 'faceres' });
  const app = await buildApp({ service, config: { apiKey: API_KEY } });
  const browser = await launchChromium();
  try {
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const stripPath = join(dir, 'masked-faces.jpg');
    await faceStrip(stripPath);
    const page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(url);
    await page.fill('#api-key', API_KEY);
    await page.dispatchEvent('#api-key', 'change');
    for (const person of PEOPLE) {
      const photos = (await readdir(`${AFDB}/${person.folder}`)).map((f) => `${AFDB}/${person.folder}/${f}`);
      await page.fill('#enroll-name', person.name);
      await page.setInputFiles('#enroll-photos', photos);
      await page.click('#enroll-submit');
      await page.waitForFunction((name) => {
        const status = document.getElementById('enroll-status');
        return status?.textContent?.startsWith(`Enrolled ${name}`) === true || status?.classList.contains('error') === true;
      }, person.name);
      console.log(await page.locator('#enroll-status').textContent());
    }
    await page.setInputFiles('#photo-input', stripPath);
    await page.waitForFunction(() => /face\(s\)|No face|\[MF_/.test(document.getElementById('recognize-status')?.textContent ?? ''));
    const status = (await page.locator('#recognize-status').textContent()) ?? '';
    console.log(status);
    console.log((await page.locator('#faces-table').innerText()).trim());
    const png = await page.screenshot({ fullPage: true });
    await writeFileAtomic(args.out, png);
    console.log(`wrote ${args.out}`);
    const recognised = PEOPLE.filter((p) => status.includes(p.name));
    if (recognised.length === 0) {
      console.error('no masked face was recognised by name: the screenshot does not show what it should.');
      process.exitCode = 1;
    }
  } finally {
    await browser.close();
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
