/**
 * The embedded gallery: one SQLite file (better-sqlite3). Every write is one transaction, so an
 * interrupted enrolment leaves the gallery as it was; foreign keys remove a person's samples with them.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MaskfaceError, fileNotFound } from '../errors.js';
import type { FaceCropSpec } from './face-crop.js';
import type { Calibration, EnrolmentSample, Gallery, GalleryEmbedding, PersonSummary, SampleKind } from './gallery.js';
import { l2Normalize } from './similarity.js';

export const GALLERY_FORMAT = 'maskface-gallery';
export const GALLERY_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS people (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, enrolled_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS samples (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  embedder TEXT NOT NULL, dimension INTEGER NOT NULL, vector BLOB NOT NULL,
  source_hash TEXT NOT NULL, source TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('unmasked', 'masked', 'synthetic-masked')),
  mask TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,
  UNIQUE (person_id, embedder, source_hash, kind, mask));
CREATE INDEX IF NOT EXISTS samples_by_embedder ON samples (embedder);
CREATE TABLE IF NOT EXISTS calibrations (embedder TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

export interface OpenGalleryOptions {
  /** Create the file if it does not exist; default false. */
  readonly create?: boolean;
  /** Embedder for a new gallery; default `faceres`. Ignored for an existing gallery. */
  readonly embedder?: string;
  /** Face chip of a new gallery's embedder, stored with it. Ignored for an existing gallery. */
  readonly crop?: FaceCropSpec;
}

interface PersonRow { name: string; enrolled_at: string; samples: number; unmasked: number; masked: number; synthetic: number }

class SqliteGallery implements Gallery {
  readonly location: string;
  readonly embedder: string;
  readonly crop: FaceCropSpec | undefined;
  private readonly db: Database.Database;

  constructor(location: string, db: Database.Database, embedder: string, crop: FaceCropSpec | undefined) {
    this.location = location;
    this.db = db;
    this.embedder = embedder;
    this.crop = crop;
  }

  async enrol(name: string, samples: readonly EnrolmentSample[]): Promise<PersonSummary> {
    const now = new Date().toISOString();
    const vectors = samples.map((s) => l2Normalize(s.vector));
    const insertPerson = this.db.prepare('INSERT INTO people (name, enrolled_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING');
    const personId = this.db.prepare('SELECT id FROM people WHERE name = ?').pluck();
    // Re-enrolling the same photo is a no-op (the UNIQUE key); any other failure rolls back the transaction.
    const insertSample = this.db.prepare(`INSERT INTO samples
      (person_id, embedder, dimension, vector, source_hash, source, kind, mask, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO NOTHING`);
    this.db.transaction(() => {
      insertPerson.run(name, now);
      const id = personId.get(name) as number;
      samples.forEach((s, i) => {
        const v = vectors[i]!;
        insertSample.run(id, s.embedder, v.length, Buffer.from(v.buffer, v.byteOffset, v.byteLength), s.sourceHash, s.source, s.kind, s.mask ?? '', now);
      });
    })();
    return this.person(name);
  }

  async remove(name: string): Promise<void> {
    const result = this.db.transaction(() => this.db.prepare('DELETE FROM people WHERE name = ?').run(name))();
    if (result.changes === 0) throw unknownPerson(name, this.location);
  }

  private personRows(where: string, ...args: unknown[]): PersonRow[] {
    return this.db.prepare(`SELECT p.name, p.enrolled_at, COUNT(s.id) AS samples,
        SUM(s.kind = 'unmasked') AS unmasked, SUM(s.kind = 'masked') AS masked, SUM(s.kind = 'synthetic-masked') AS synthetic
      FROM people p LEFT JOIN samples s ON s.person_id = p.id ${where} GROUP BY p.id ORDER BY p.name`).all(...args) as PersonRow[];
  }

  private async person(name: string): Promise<PersonSummary> {
    const row = this.personRows('WHERE p.name = ?', name)[0];
    if (row === undefined) throw unknownPerson(name, this.location);
    return toSummary(row);
  }

  async people(): Promise<PersonSummary[]> {
    return this.personRows('').map(toSummary);
  }

  async embeddings(embedder: string): Promise<GalleryEmbedding[]> {
    const rows = this.db.prepare(`SELECT p.name AS person, s.vector, s.kind, s.dimension FROM samples s
      JOIN people p ON p.id = s.person_id WHERE s.embedder = ? ORDER BY s.id`).all(embedder) as Array<{ person: string; vector: Buffer; kind: SampleKind; dimension: number }>;
    return rows.map((r) => {
      // Copy into an aligned buffer: SQLite blobs may start at any byte offset.
      const bytes = new Uint8Array(r.vector);
      return { person: r.person, kind: r.kind, vector: new Float32Array(bytes.buffer, 0, r.dimension) };
    });
  }

  async calibration(embedder: string): Promise<Calibration | undefined> {
    const value = this.db.prepare('SELECT value FROM calibrations WHERE embedder = ?').pluck().get(embedder) as string | undefined;
    return value === undefined ? undefined : (JSON.parse(value) as Calibration);
  }

  async saveCalibration(calibration: Calibration): Promise<void> {
    this.db.prepare('INSERT INTO calibrations (embedder, value) VALUES (?, ?) ON CONFLICT(embedder) DO UPDATE SET value = excluded.value')
      .run(calibration.embedder, JSON.stringify(calibration));
  }

  close(): void {
    this.db.close();
  }
}

function toSummary(row: PersonRow): PersonSummary {
  return { name: row.name, enrolledAt: row.enrolled_at, samples: row.samples, unmasked: row.unmasked ?? 0, masked: row.masked ?? 0, syntheticMasked: row.synthetic ?? 0 };
}

function unknownPerson(name: string, location: string): MaskfaceError {
  return new MaskfaceError('MF_UNKNOWN_PERSON', `${location}: nobody named ${JSON.stringify(name)} is enrolled. List the people with \`maskface people ${location}\`.`, { file: location });
}

function badGallery(path: string, reason: string): MaskfaceError {
  return new MaskfaceError('MF_BAD_GALLERY', `${path}: not a maskface gallery (${reason}). Give a gallery made by \`maskface enroll\`, or a new file name to create one.`, { file: path });
}

export function openSqliteGallery(path: string, options: OpenGalleryOptions = {}): Gallery {
  const exists = existsSync(path);
  if (!exists && options.create !== true) throw fileNotFound(path, 'Create a gallery first with `maskface enroll <gallery> <name> <photos...>`.');
  if (!exists) mkdirSync(dirname(path), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: exists });
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
  } catch (err) {
    throw badGallery(path, (err as Error).message);
  }
  try {
    const hasMeta = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() !== undefined;
    if (exists && !hasMeta) throw badGallery(path, 'no maskface tables');
    db.exec(SCHEMA);
    const meta = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
    if (!hasMeta) {
      const insert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      db.transaction(() => {
        insert.run('format', GALLERY_FORMAT);
        insert.run('version', String(GALLERY_VERSION));
        insert.run('embedder', options.embedder ?? 'faceres');
        if (options.crop !== undefined) insert.run('crop', JSON.stringify(options.crop));
      })();
    }
    if (meta.get('format') !== GALLERY_FORMAT) throw badGallery(path, `format ${JSON.stringify(meta.get('format'))}`);
    const version = Number(meta.get('version'));
    if (version > GALLERY_VERSION) throw badGallery(path, `version ${version} is newer than this maskface reads (${GALLERY_VERSION}); upgrade maskface`);
    const crop = meta.get('crop') as string | undefined;
    return new SqliteGallery(path, db, meta.get('embedder') as string, crop === undefined ? undefined : (JSON.parse(crop) as FaceCropSpec));
  } catch (err) {
    db.close();
    if (err instanceof MaskfaceError) throw err;
    throw badGallery(path, (err as Error).message);
  }
}
