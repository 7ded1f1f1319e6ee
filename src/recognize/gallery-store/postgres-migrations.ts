/**
 * The PostgreSQL gallery's schema, built by versioned migrations kept in code. Each pending
 * migration runs in its own transaction under a transaction-scoped advisory lock on the gallery, so
 * several processes opening a new gallery at once create it exactly once; `maskface_migrations`
 * records what ran. A migration is never edited once released: changes come as a new one.
 */
import type { PoolClient } from 'pg';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** The statements, given the quoted schema name. */
  readonly sql: (schema: string) => string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'meta, people, samples, calibrations',
    // Names sort with COLLATE "C" (bytes), as SQLite's BINARY does, so both stores list people alike.
    // Vectors are little-endian float32 bytes, as in the SQLite file (pgvector is not assumed).
    sql: (s) => `
      CREATE TABLE ${s}.meta (key text PRIMARY KEY, value text NOT NULL);
      CREATE TABLE ${s}.people (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name text COLLATE "C" NOT NULL UNIQUE,
        enrolled_at text NOT NULL);
      CREATE TABLE ${s}.samples (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        person_id bigint NOT NULL REFERENCES ${s}.people (id) ON DELETE CASCADE,
        embedder text NOT NULL, dimension integer NOT NULL, vector bytea NOT NULL,
        source_hash text NOT NULL, source text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('unmasked', 'masked', 'synthetic-masked')),
        mask text NOT NULL DEFAULT '', created_at text NOT NULL,
        UNIQUE (person_id, embedder, source_hash, kind, mask));
      CREATE INDEX samples_by_embedder ON ${s}.samples (embedder, id);
      CREATE TABLE ${s}.calibrations (embedder text PRIMARY KEY, value text NOT NULL);`,
  },
];

/** First key of the advisory locks maskface takes (the second is the schema's hash). */
export const ADVISORY_LOCK_CLASS = 0x6d66; // "mf"

export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Takes the gallery's advisory lock for the rest of the client's current transaction. */
export async function lockGallery(client: PoolClient, schema: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ADVISORY_LOCK_CLASS, schema]);
}

/** The highest migration applied to the schema; 0 when it has no migrations table (or no schema). */
export async function schemaVersion(client: PoolClient, schema: string): Promise<number> {
  const { rows } = await client.query<{ table: string | null }>('SELECT to_regclass($1) AS table', [`${quoteIdentifier(schema)}.maskface_migrations`]);
  if (rows[0]?.table === null) return 0;
  const max = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${quoteIdentifier(schema)}.maskface_migrations`);
  return max.rows[0]?.version ?? 0;
}

/**
 * Applies the migrations the schema lacks, each in its own transaction, and returns the versions
 * this call applied (none when another process got there first).
 */
export async function migrate(client: PoolClient, schema: string, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const s = quoteIdentifier(schema);
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    await client.query('BEGIN');
    try {
      await lockGallery(client, schema);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${s}.maskface_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const done = await client.query(`SELECT 1 FROM ${s}.maskface_migrations WHERE version = $1`, [migration.version]);
      if (done.rowCount === 0) {
        await client.query(migration.sql(s));
        await client.query(`INSERT INTO ${s}.maskface_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
        applied.push(migration.version);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
  return applied;
}

export const LATEST_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));
