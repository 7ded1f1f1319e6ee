/**
 * The gallery on PostgreSQL (`pg`): one schema per gallery, made and upgraded by the migrations of
 * postgres-migrations.ts. Every write is one transaction that also sends NOTIFY on the gallery's
 * channel; inserts use ON CONFLICT, so processes enrolling the same person or photo at once neither
 * fail nor duplicate. It holds the same rows as the SQLite file, so both give the same results.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { MaskfaceError } from '../../errors.js';
import type { FaceCropSpec } from '../../methods/face-crop.js';
import type { Calibration, EnrolmentSample, Gallery, GalleryChange, GalleryChangeListener, GalleryEmbedding, PersonSummary, SampleKind } from '../gallery.js';
import { l2Normalize } from '../../methods/similarity.js';
import { ChangeListeners, EmbeddingCollector, type OpenGalleryOptions, type PersonRow, badGallery, checkGalleryMeta, newGalleryMeta, toSummary, unknownPerson } from './common.js';
import { postgresError } from './postgres-errors.js';
import { ChannelListener } from './postgres-listener.js';
import { type PostgresLocation, parsePostgresLocation } from './postgres-location.js';
import { LATEST_SCHEMA_VERSION, lockGallery, migrate, quoteIdentifier, schemaVersion } from './postgres-migrations.js';

/** Connections one gallery object may hold at once (the LISTEN connection comes on top). */
export const POSTGRES_POOL_SIZE = 4;
/** How long to wait for a connection before reporting the server unreachable, in ms. */
export const POSTGRES_CONNECT_TIMEOUT_MS = 10_000;
/** PostgreSQL's limit on a NOTIFY payload is 8000 bytes; a longer name is left out of it. */
const MAX_NOTIFY_PAYLOAD = 7_900;

const NOT_A_GALLERY_FIX = 'Give a gallery made by `maskface enroll`, or a new ?gallery= name to create one.';

interface ChangeMessage { readonly kind: GalleryChange['kind']; readonly person?: string; readonly origin: string }

class PostgresGallery implements Gallery {
  readonly location: string;
  private readonly table: (name: string) => string;
  private readonly origin = randomUUID();
  private readonly listeners = new ChangeListeners();
  private listener: ChannelListener | undefined;

  constructor(
    private readonly where: PostgresLocation,
    private readonly pool: pg.Pool,
    readonly embedder: string,
    readonly crop: FaceCropSpec | undefined,
  ) {
    this.location = where.display;
    const schema = quoteIdentifier(where.schema);
    this.table = (name) => `${schema}.${name}`;
  }

  /** Runs `work` in one transaction that also notifies the change, on commit. */
  private async write<T>(change: Omit<ChangeMessage, 'origin'>, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((err: unknown) => { throw postgresError(err, this.location); });
    try {
      await client.query('BEGIN');
      const result = await work(client);
      let payload = JSON.stringify({ ...change, origin: this.origin } satisfies ChangeMessage);
      if (Buffer.byteLength(payload) > MAX_NOTIFY_PAYLOAD) payload = JSON.stringify({ kind: change.kind, origin: this.origin });
      await client.query('SELECT pg_notify($1, $2)', [this.where.channel, payload]);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw postgresError(err, this.location);
    } finally {
      client.release();
    }
  }

  private async read<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (err) {
      throw postgresError(err, this.location);
    }
  }

  async enrol(name: string, samples: readonly EnrolmentSample[]): Promise<PersonSummary> {
    const now = new Date().toISOString();
    const vectors = samples.map((s) => l2Normalize(s.vector));
    await this.write({ kind: 'enrol', person: name }, async (client) => {
      // DO UPDATE (not DO NOTHING) returns the id of an existing person and locks the row, so a
      // removal by another process waits for this enrolment instead of deleting the person under it.
      const person = await client.query<{ id: string }>(
        `INSERT INTO ${this.table('people')} (name, enrolled_at) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id`,
        [name, now],
      );
      if (samples.length === 0) return;
      // Re-enrolling the same photo is a no-op (the UNIQUE key); any other failure rolls back the transaction.
      await client.query(
        `INSERT INTO ${this.table('samples')} (person_id, embedder, dimension, vector, source_hash, source, kind, mask, created_at)
         SELECT $1, s.embedder, s.dimension, s.vector, s.source_hash, s.source, s.kind, s.mask, $2
         FROM unnest($3::text[], $4::integer[], $5::bytea[], $6::text[], $7::text[], $8::text[], $9::text[])
           AS s (embedder, dimension, vector, source_hash, source, kind, mask)
         ON CONFLICT DO NOTHING`,
        [
          person.rows[0]!.id, now,
          samples.map((s) => s.embedder), vectors.map((v) => v.length), vectors.map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength)),
          samples.map((s) => s.sourceHash), samples.map((s) => s.source), samples.map((s) => s.kind), samples.map((s) => s.mask ?? ''),
        ],
      );
    });
    return this.person(name);
  }

  async remove(name: string): Promise<void> {
    await this.write({ kind: 'remove', person: name }, async (client) => {
      const deleted = await client.query(`DELETE FROM ${this.table('people')} WHERE name = $1`, [name]);
      if (deleted.rowCount === 0) throw unknownPerson(name, this.location);
    });
  }

  private personRows(where: string, values: unknown[]): Promise<PersonRow[]> {
    return this.read<PersonRow>(
      `SELECT p.name, p.enrolled_at, COUNT(s.id)::integer AS samples,
          COUNT(*) FILTER (WHERE s.kind = 'unmasked')::integer AS unmasked,
          COUNT(*) FILTER (WHERE s.kind = 'masked')::integer AS masked,
          COUNT(*) FILTER (WHERE s.kind = 'synthetic-masked')::integer AS synthetic
        FROM ${this.table('people')} p LEFT JOIN ${this.table('samples')} s ON s.person_id = p.id ${where}
        GROUP BY p.id ORDER BY p.name`,
      values,
    );
  }

  private async person(name: string): Promise<PersonSummary> {
    const row = (await this.personRows('WHERE p.name = $1', [name]))[0];
    if (row === undefined) throw unknownPerson(name, this.location);
    return toSummary(row);
  }

  async people(): Promise<PersonSummary[]> {
    return (await this.personRows('', [])).map(toSummary);
  }

  async embeddings(embedder: string): Promise<GalleryEmbedding[]> {
    const client = await this.pool.connect().catch((err: unknown) => { throw postgresError(err, this.location); });
    try {
      // One snapshot for the names and the samples, so a person enrolled in between cannot be half seen.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const people = await client.query<[string, string]>({ text: `SELECT id::text, name FROM ${this.table('people')}`, rowMode: 'array' });
      const collector = new EmbeddingCollector(new Map(people.rows), this.location);
      // Each row is copied as it arrives (a 'row' listener: pg keeps no result array), as arrays: no object per row.
      const samples = new pg.Query({
        text: `SELECT person_id::text, kind, vector FROM ${this.table('samples')} WHERE embedder = $1 ORDER BY id`,
        values: [embedder],
        rowMode: 'array',
      } as pg.QueryConfig);
      let failed: unknown;
      const done = new Promise<void>((resolve, reject) => {
        samples.on('row', ([personId, kind, vector]: [string, SampleKind, Buffer]) => {
          // Thrown here it would escape into pg's socket handler: kept and reported when the query ends.
          try {
            if (failed === undefined) collector.add(personId, kind, vector);
          } catch (err) {
            failed = err;
          }
        });
        samples.on('end', () => (failed === undefined ? resolve() : reject(failed)));
        samples.on('error', reject);
      });
      client.query(samples);
      await done;
      await client.query('COMMIT');
      return collector.embeddings();
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw postgresError(err, this.location);
    } finally {
      client.release();
    }
  }

  async calibration(embedder: string): Promise<Calibration | undefined> {
    const rows = await this.read<{ value: string }>(`SELECT value FROM ${this.table('calibrations')} WHERE embedder = $1`, [embedder]);
    return rows[0] === undefined ? undefined : (JSON.parse(rows[0].value) as Calibration);
  }

  async saveCalibration(calibration: Calibration): Promise<void> {
    await this.write({ kind: 'calibration' }, (client) => client.query(
      `INSERT INTO ${this.table('calibrations')} (embedder, value) VALUES ($1, $2) ON CONFLICT (embedder) DO UPDATE SET value = excluded.value`,
      [calibration.embedder, JSON.stringify(calibration)],
    ));
  }

  async onChange(listener: GalleryChangeListener): Promise<() => void> {
    const remove = this.listeners.add(listener);
    if (this.listener === undefined) {
      const channel = new ChannelListener({
        connectionString: this.where.connectionString,
        channel: this.where.channel,
        onNotification: (payload) => this.listeners.emit(this.toChange(payload)),
        onReconnect: () => this.listeners.emit({ kind: 'unknown', local: false }),
        onError: (err) => console.error(`maskface: ${this.location}: listening for gallery changes failed (${err.message}); retrying.`),
      });
      this.listener = channel;
      try {
        await channel.start();
      } catch (err) {
        this.listener = undefined;
        remove();
        throw postgresError(err, this.location);
      }
    }
    return () => {
      remove();
      if (this.listeners.size === 0) this.stopListening();
    };
  }

  private toChange(payload: string): GalleryChange {
    try {
      const message = JSON.parse(payload) as ChangeMessage;
      return { kind: message.kind, ...(message.person === undefined ? {} : { person: message.person }), local: message.origin === this.origin };
    } catch {
      return { kind: 'unknown', local: false };
    }
  }

  private stopListening(): Promise<void> {
    const channel = this.listener;
    this.listener = undefined;
    return channel === undefined ? Promise.resolve() : channel.stop().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.stopListening();
    await this.pool.end();
  }
}

/**
 * Opens (or with `create`, creates) the gallery at a `postgres://` URL. Several processes may open
 * a new gallery at once: the migrations and the first meta rows are written once, under a lock.
 */
export async function openPostgresGallery(location: string, options: OpenGalleryOptions = {}): Promise<Gallery> {
  const where = parsePostgresLocation(location);
  const pool = new pg.Pool({ connectionString: where.connectionString, max: POSTGRES_POOL_SIZE, connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS, application_name: 'maskface' });
  // An idle connection that drops (a server restart) is replaced by the next query; without this
  // listener the pool's 'error' event would stop the process.
  pool.on('error', (err) => console.error(`maskface: ${where.display}: an idle connection to PostgreSQL failed (${err.message}); the next query reconnects.`));
  try {
    const meta = await openSchema(pool, where, options);
    const { embedder, crop } = checkGalleryMeta(where.display, meta, NOT_A_GALLERY_FIX);
    return new PostgresGallery(where, pool, embedder, crop);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err instanceof MaskfaceError ? err : postgresError(err, where.display);
  }
}

async function openSchema(pool: pg.Pool, where: PostgresLocation, options: OpenGalleryOptions): Promise<Map<string, string>> {
  const client = await pool.connect().catch((err: unknown) => { throw postgresError(err, where.display); });
  const s = quoteIdentifier(where.schema);
  try {
    let version = await schemaVersion(client, where.schema);
    if (version === 0) {
      const tables = await client.query('SELECT 1 FROM pg_tables WHERE schemaname = $1 LIMIT 1', [where.schema]);
      // Tables that appeared since the version was read may be another process's first migration,
      // committed in between: read the version again before calling them foreign.
      if ((tables.rowCount ?? 0) > 0) version = await schemaVersion(client, where.schema);
      if (version === 0 && (tables.rowCount ?? 0) > 0) throw badGallery(where.display, `schema ${where.schema} holds tables that are not a maskface gallery's`, 'Give another ?gallery= name.');
      if (version === 0 && options.create !== true) throw missingGallery(where);
    }
    if (version > LATEST_SCHEMA_VERSION) {
      throw badGallery(where.display, `schema version ${version} is newer than this maskface reads (${LATEST_SCHEMA_VERSION})`, 'Upgrade maskface.');
    }
    if (version < LATEST_SCHEMA_VERSION) await migrate(client, where.schema);
    const read = async () => new Map((await client.query<{ key: string; value: string }>(`SELECT key, value FROM ${s}.meta`)).rows.map((r) => [r.key, r.value]));
    let meta = await read();
    if (!meta.has('format')) {
      if (options.create !== true) throw missingGallery(where);
      await client.query('BEGIN');
      try {
        await lockGallery(client, where.schema);
        const again = await client.query(`SELECT 1 FROM ${s}.meta WHERE key = 'format'`);
        if (again.rowCount === 0) {
          for (const [key, value] of newGalleryMeta(options)) await client.query(`INSERT INTO ${s}.meta (key, value) VALUES ($1, $2)`, [key, value]);
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
      meta = await read();
    }
    return meta;
  } finally {
    client.release();
  }
}

function missingGallery(where: PostgresLocation): MaskfaceError {
  return new MaskfaceError(
    'MF_FILE_NOT_FOUND',
    `${where.display}: no gallery named ${where.schema} in that database. Create one with \`maskface enroll ${where.display} <name> <photos...>\`, or check ?gallery=.`,
    { file: where.display },
  );
}
