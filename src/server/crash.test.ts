import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openSqliteGallery } from '../recognize/sqlite-gallery.js';
import { DEFAULT_EMBEDDER } from '../recognize/embedder-names.js';

const AFDB = resolve('../shared/datasets/rmfd-subset/AFDB_face_dataset');
const BASE_PHOTOS = ['0_0_aidai_0014.jpg', '0_0_aidai_0029.jpg', '0_0_aidai_0043.jpg'].map((f) => `${AFDB}/aidai/${f}`);
/** Three times as many photos as the first enrolment: the kill lands while it is still running. */
const LONG_PHOTOS = ['0_0_anhu_0004.jpg', '0_0_anhu_0020.jpg', '0_0_anhu_0025.jpg', '0_0_anhu_0027.jpg', '0_0_anhu_0056.jpg'].map((f) => `${AFDB}/anhu/${f}`)
  .concat(['0_0_aidai_0074.jpg', '0_0_aidai_0080.jpg'].map((f) => `${AFDB}/aidai/${f}`));
const API_KEY = 'crash-test-key-7';
/** Samples in each transaction of testing/enrol-forever.ts: large, so a kill lands inside one. */
const SAMPLES_PER_PERSON = 3000;
/** Model loading on a busy 2-core machine takes ~20 s; give it room. */
const STARTUP_TIMEOUT_MS = 120_000;

/** Resolves with the first stdout line matching `pattern`, or rejects when the process exits first. */
function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms`)), timeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = pattern.exec(line);
      if (match !== null) {
        clearTimeout(timer);
        lines.close();
        resolvePromise(match);
      }
    });
    child.once('exit', (code) => reject(new Error(`process exited (${code}) before printing ${pattern}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolvePromise) => {
    if (child.exitCode !== null || child.signalCode !== null) resolvePromise();
    else child.once('exit', () => resolvePromise());
    child.kill('SIGKILL');
  });
}

function integrity(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

async function enrolForm(name: string, photos: readonly string[]): Promise<FormData> {
  const form = new FormData();
  form.append('name', name);
  for (const path of photos) form.append('photos', new Blob([await readFile(path)], { type: 'image/jpeg' }), path.split('/').pop());
  return form;
}

describe('nothing is lost when the process is killed during an enrolment', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'maskface-crash-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('SIGKILL of `maskface serve` during POST /people leaves the gallery consistent', { timeout: 4 * STARTUP_TIMEOUT_MS }, async (t) => {
    const gallery = join(dir, 'served.db');
    let baseEmbeddings = 0;
    const server = spawn(process.execPath, ['bin/maskface.js', 'serve', '--port', '0', '--gallery', gallery, '--api-key', API_KEY], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [, url] = await waitForLine(server, /listening on (http:\/\/\S+)/, STARTUP_TIMEOUT_MS);
      const headers = { 'x-api-key': API_KEY };
      const started = performance.now();
      const first = await fetch(`${url}/people`, { method: 'POST', body: await enrolForm('Base Person', BASE_PHOTOS), headers });
      const firstBody = await first.text();
      assert.equal(first.status, 201, firstBody);
      baseEmbeddings = (JSON.parse(firstBody) as { embeddings: number }).embeddings;
      const enrolMs = performance.now() - started;

      const pending = fetch(`${url}/people`, { method: 'POST', body: await enrolForm('Half Enrolled', LONG_PHOTOS), headers }).then(
        (r) => `answered ${r.status}`,
        () => 'connection dropped',
      );
      // Half the first enrolment's time into one three times as long: well inside it even when the
      // machine's load changes between the two.
      await new Promise((r) => setTimeout(r, enrolMs / 2));
      await killed(server);
      const outcome = await pending;
      t.diagnostic(`killed ${Math.round(enrolMs / 2)} ms into an enrolment of ${LONG_PHOTOS.length} photos; client saw: ${outcome}`);
      assert.equal(outcome, 'connection dropped', 'the kill landed during the request');
    } finally {
      await killed(server);
    }

    assert.equal(integrity(gallery), 'ok');
    const reopened = openSqliteGallery(gallery);
    try {
      const people = await reopened.people();
      const base = people.find((p) => p.name === 'Base Person');
      assert.equal(base?.samples, baseEmbeddings, 'the enrolment answered 201 is all there');
      assert.equal((base?.unmasked ?? 0) + (base?.masked ?? 0), BASE_PHOTOS.length);
      const half = people.find((p) => p.name === 'Half Enrolled');
      // All of the interrupted enrolment or none of it: every real photo, and synthetic masks for all or none.
      if (half !== undefined) {
        assert.equal(half.unmasked + half.masked, LONG_PHOTOS.length);
        assert.equal(half.syntheticMasked % LONG_PHOTOS.length, 0);
      }
      assert.equal((await reopened.embeddings(DEFAULT_EMBEDDER)).length, people.reduce((n, p) => n + p.samples, 0), 'every sample stored under the encoder serve uses');
      t.diagnostic(`after the kill: ${people.map((p) => `${p.name} (${p.samples})`).join(', ')}`);
    } finally {
      reopened.close();
    }
  });

  it('SIGKILL in the middle of large gallery transactions leaves whole people only', { timeout: 60_000 }, async (t) => {
    const gallery = join(dir, 'forever.db');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/testing/enrol-forever.ts', gallery, String(SAMPLES_PER_PERSON)], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [, ms] = await waitForLine(child, /committed 3 in (\d+) ms/, 50_000);
      // The next enrolment has begun: kill it half-way through its expected time.
      await new Promise((r) => setTimeout(r, Number(ms) / 2));
    } finally {
      await killed(child);
    }
    assert.equal(integrity(gallery), 'ok');
    const reopened = openSqliteGallery(gallery);
    try {
      const people = await reopened.people();
      assert.ok(people.length >= 3);
      for (const person of people) assert.equal(person.samples, SAMPLES_PER_PERSON, `${person.name} is whole`);
      t.diagnostic(`${people.length} whole people after the kill`);
    } finally {
      reopened.close();
    }
  });
});
