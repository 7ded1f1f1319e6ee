/**
 * The PostgreSQL gallery against a real server: the gallery contract, then what only a server
 * database has to get right: separate processes enrolling into one gallery at once, migrations run
 * once however many processes open a new gallery, notifications to other connections (and after a
 * dropped LISTEN connection), errors that name the URL without its password, and results equal to
 * the SQLite file's for the same contents. Each test uses its own schema in database `test`,
 * dropped at the end. Set MASKFACE_TEST_POSTGRES to use another server.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openGallery } from '../open-gallery.js';
import { GalleryIndex } from '../open-set.js';
import { openSqliteGallery } from '../sqlite-gallery.js';
import { galleryContractTests, nextChange, sample } from '../testing/gallery-contract.js';
import type { Gallery } from '../gallery.js';
import { openPostgresGallery } from './postgres-gallery.js';
import { parsePostgresLocation, redactLocation } from './postgres-location.js';
import { MIGRATIONS, type Migration, migrate, schemaVersion } from './postgres-migrations.js';

const SERVER = process.env.MASKFACE_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const CHILD = fileURLToPath(new URL('../testing/enrol-child.ts', import.meta.url));
const schemas: string[] = [];
const admin = new pg.Client({ connectionString: SERVER });
const dir = mkdtempSync(join(tmpdir(), 'maskface-pg-'));

function freshSchema(): string {
  const schema = `mf_test_${randomBytes(5).toString('hex')}`;
  schemas.push(schema);
  return schema;
}

function galleryUrl(schema: string, server = SERVER): string {
  const url = new URL(server);
  url.searchParams.set('gallery', schema);
  return url.toString();
}

before(async () => {
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${redactLocation(SERVER)} (${(err as Error).message}): start it (.ci/run does; see docs/scale.md) or set MASKFACE_TEST_POSTGRES.`);
  }
});

after(async () => {
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
});

galleryContractTests('postgres', {
  fresh: () => galleryUrl(freshSchema()),
  open: (location, options) => openGallery(location, options),
  async notAGallery() {
    const schema = freshSchema();
    await admin.query(`CREATE SCHEMA "${schema}"; CREATE TABLE "${schema}".people (id integer)`);
    return galleryUrl(schema);
  },
});

/** Time for a child to start (tsx) and open the gallery before the common start, in ms: ~1.5 s on a busy 2-core machine. */
const CHILD_START_MS = 4_000;

interface ChildRun { readonly began: number; readonly ended: number }

function runChild(location: string, tag: string, people: number, start: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, location, tag, String(people), String(start)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as ChildRun) : reject(new Error(`enrol-child ${tag} exited with ${code}: ${err}`))));
  });
}

test('two processes creating one new gallery and enrolling the same people at once end with exactly the right rows', async () => {
  const people = 60;
  const schema = freshSchema();
  const location = galleryUrl(schema);
  const start = Date.now() + CHILD_START_MS;
  const [one, two] = await Promise.all([runChild(location, 'one', people, start), runChild(location, 'two', people, start)]);
  assert.ok(one.began < two.ended && two.began < one.ended, `the two processes enrolled at the same time (${JSON.stringify([one, two])})`);
  const gallery = await openGallery(location);
  try {
    const summaries = await gallery.people();
    assert.equal(summaries.length, people);
    // Two shared photos (one unmasked, one synthetic-masked) stored once, plus one photo of each process.
    for (const p of summaries) assert.deepEqual([p.samples, p.unmasked, p.syntheticMasked], [4, 3, 1], p.name);
    assert.equal((await gallery.embeddings('faceres')).length, 4 * people);
    const migrations = await admin.query(`SELECT version FROM "${schema}".maskface_migrations`);
    assert.deepEqual(migrations.rows, [{ version: 1 }]);
    const meta = await admin.query(`SELECT key FROM "${schema}".meta ORDER BY key`);
    assert.deepEqual(meta.rows.map((r: { key: string }) => r.key), ['embedder', 'format', 'version']);
  } finally {
    await gallery.close();
  }
});

test('migrations run once: again is a no-op, two processes migrating a new schema at once apply each version once', async () => {
  const extra: Migration = { version: 2, name: 'test: a later migration', sql: (s) => `ALTER TABLE ${s}.people ADD COLUMN note text` };
  const schema = freshSchema();
  const pools = [new pg.Pool({ connectionString: SERVER, max: 1 }), new pg.Pool({ connectionString: SERVER, max: 1 })];
  try {
    const clients = await Promise.all(pools.map((p) => p.connect()));
    const applied = await Promise.all(clients.map((c) => migrate(c, schema, [...MIGRATIONS, extra])));
    assert.deepEqual(applied.flat().sort(), [1, 2]);
    assert.deepEqual(await migrate(clients[0]!, schema, [...MIGRATIONS, extra]), []);
    assert.equal(await schemaVersion(clients[1]!, schema), 2);
    const rows = await admin.query(`SELECT version FROM "${schema}".maskface_migrations ORDER BY version`);
    assert.deepEqual(rows.rows, [{ version: 1 }, { version: 2 }]);
    for (const c of clients) c.release();
    // A schema migrated by a newer maskface (version 2 is unknown to this one) is refused.
    await admin.query(`INSERT INTO "${schema}".meta (key, value) VALUES ('format', 'maskface-gallery'), ('version', '1'), ('embedder', 'faceres')`);
    await assert.rejects(openGallery(galleryUrl(schema)), (err: Error & { code?: string }) => err.code === 'MF_BAD_GALLERY' && /newer than this maskface/.test(err.message));
  } finally {
    await Promise.all(pools.map((p) => p.end()));
  }
});

test('every write notifies the gallery\'s channel: a plain LISTEN connection receives it', async () => {
  const schema = freshSchema();
  const gallery = await openGallery(galleryUrl(schema), { create: true });
  const listener = new pg.Client({ connectionString: SERVER });
  await listener.connect();
  try {
    const received: Array<{ channel: string; payload: unknown }> = [];
    listener.on('notification', (m) => received.push({ channel: m.channel, payload: JSON.parse(m.payload ?? '{}') }));
    await listener.query(`LISTEN "maskface_${schema}"`);
    await gallery.enrol('Ada', [sample([1, 0])]);
    await gallery.saveCalibration({ embedder: 'faceres', threshold: 0.5, targetFar: 0.05, far: 0.05, strangers: 3, calibratedAt: 'now' });
    await gallery.remove('Ada');
    // A round trip on the listening connection delivers the notifications sent before it.
    await listener.query('SELECT 1');
    assert.deepEqual(received.map((r) => [r.channel, (r.payload as { kind: string }).kind, (r.payload as { person?: string }).person]), [
      [`maskface_${schema}`, 'enrol', 'Ada'], [`maskface_${schema}`, 'calibration', undefined], [`maskface_${schema}`, 'remove', 'Ada'],
    ]);
  } finally {
    await listener.end();
    await gallery.close();
  }
});

test('a dropped LISTEN connection reconnects and reports a change of unknown kind, then notifications flow again', async () => {
  const schema = freshSchema();
  const location = galleryUrl(schema);
  const writer = await openGallery(location, { create: true });
  const reader = await openGallery(location);
  try {
    const reconnected = await nextChange(reader, (c) => c.kind === 'unknown');
    const killed = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND query = $2', ['maskface-listen', `LISTEN "maskface_${schema}"`]);
    assert.equal(killed.rowCount, 1);
    assert.deepEqual(await reconnected.change, { kind: 'unknown', local: false });
    reconnected.stop();
    const enrolled = await nextChange(reader, (c) => c.kind === 'enrol');
    await writer.enrol('Bob', [sample([0, 1])]);
    assert.deepEqual(await enrolled.change, { kind: 'enrol', person: 'Bob', local: false });
    enrolled.stop();
  } finally {
    await reader.close();
    await writer.close();
  }
});

test('an unreachable server, a missing database or a bad gallery name is refused with the fix, never showing the password', async () => {
  const down = 'postgres://maskface:s3cret-pw@127.0.0.1:1/test?gallery=staff';
  await assert.rejects(openGallery(down), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'MF_GALLERY_UNREACHABLE');
    assert.match(err.message, /^postgres:\/\/maskface:\*\*\*@127\.0\.0\.1:1\/test\?gallery=staff: cannot use the PostgreSQL gallery/);
    assert.match(err.message, /PostgreSQL is running|pg_ctlcluster/);
    assert.doesNotMatch(err.message, /s3cret/);
    return true;
  });
  const noDatabase = new URL(SERVER);
  noDatabase.pathname = '/maskface_no_such_database';
  await assert.rejects(openGallery(noDatabase.toString()), (err: Error & { code?: string }) => err.code === 'MF_GALLERY_UNREACHABLE' && /createdb/.test(err.message));
  await assert.rejects(openGallery(galleryUrl('Staff-1')), { code: 'MF_INVALID_ARGUMENT' });
  await assert.rejects(openGallery(galleryUrl('pg_catalog')), { code: 'MF_INVALID_ARGUMENT' });
  assert.equal(redactLocation('postgresql://u:p%40ss@db.example:5433/faces?gallery=a'), 'postgresql://u:***@db.example:5433/faces?gallery=a');
  assert.equal(redactLocation('postgres://u:pw@[bad'), 'postgres://u:***@[bad');
  assert.deepEqual(parsePostgresLocation('postgres://u@h/db?sslmode=disable'), {
    connectionString: 'postgres://u@h/db?sslmode=disable', schema: 'maskface', display: 'postgres://u@h/db?sslmode=disable', channel: 'maskface_maskface',
  });
});

test('the same enrolments give the same people, vectors and identifications in SQLite and in PostgreSQL', async () => {
  const sqlite = openSqliteGallery(join(dir, 'same.db'), { create: true, embedder: 'faceres' });
  const postgres = await openPostgresGallery(galleryUrl(freshSchema()), { create: true, embedder: 'faceres' });
  const stores: Gallery[] = [sqlite, postgres];
  try {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
    // Names chosen to sort differently under a language collation than byte order (as SQLite sorts).
    const names = ['bob', 'Ada', 'Émile', 'ada', 'Zoë', '_x', 'Bob'];
    for (const [i, name] of names.entries()) {
      const samples = Array.from({ length: 1 + (i % 4) }, (_, k) => sample(Array.from({ length: 16 }, random), k === 0 ? 'unmasked' : 'synthetic-masked', `${name}-${k}`, 'faceres', k === 0 ? undefined : `mask-${k}`));
      for (const store of stores) await store.enrol(name, samples);
    }
    for (const store of stores) await store.remove('Zoë');
    const [a, b] = await Promise.all(stores.map((s) => s.people()));
    assert.deepEqual(a!.map(({ enrolledAt: _, ...p }) => p), b!.map(({ enrolledAt: _, ...p }) => p));
    const [ea, eb] = await Promise.all(stores.map((s) => s.embeddings('faceres')));
    assert.deepEqual(ea, eb);
    const [ia, ib] = [new GalleryIndex(ea!), new GalleryIndex(eb!)];
    for (let probe = 0; probe < 20; probe++) {
      const vector = Float32Array.from({ length: 16 }, random);
      assert.deepEqual(ia.rank(vector), ib.rank(vector));
    }
  } finally {
    await sqlite.close();
    await postgres.close();
  }
});
