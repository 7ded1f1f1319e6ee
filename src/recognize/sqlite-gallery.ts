/**
 * The embedded gallery: one SQLite file (better-sqlite3). Every write is one transaction, so an
 * interrupted enrolment leaves the gallery as it was; foreign keys remove a person's samples with them.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MaskfaceError, fileNotFound, fromSystemError, isSystemError } from '../errors.js';
import type { FaceCropSpec } from '../methods/face-crop.js';
import type { Calibration, EnrolmentSample, Gallery, GalleryChange, GalleryChangeListener, GalleryEmbedding, PersonSummary, SampleKind } from './gallery.js';
import {
  ChangeListeners, type OpenGalleryOptions, EmbeddingCollector, type PersonRow, badGallery as storeBadGallery, checkGalleryMeta, newGalleryMeta, toSummary, unknownPerson,
} from './gallery-store/common.js';
import { l2Normalize } from '../methods/similarity.js';

export { GALLERY_FORMAT, GALLERY_VERSION, type OpenGalleryOptions } from './gallery-store/common.js';

/**
 * How often a watched gallery checks whether another connection committed a change, in ms: SQLite
 * has no notifications, and `PRAGMA data_version` is one cheap read.
 */
export const SQLITE_CHANGE_POLL_MS = 500;

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

class SqliteGallery implements Gallery {
  readonly location: string;
  readonly embedder: string;
  readonly crop: FaceCropSpec | undefined;
  private readonly db: Database.Database;
  private readonly listeners = new ChangeListeners();
  private poll: ReturnType<typeof setInterval> | undefined;

  constructor(location: string, db: Database.Database, embedder: string, crop: FaceCropSpec | undefined) {
    this.location = location;
    this.db = db;
    this.embedder = embedder;
    this.crop = crop;
  }

  private changed(change: Omit<GalleryChange, 'local'>): void {
    this.listeners.emit({ ...change, local: true });
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
    writing(this.location, () => this.db.transaction(() => {
      insertPerson.run(name, now);
      const id = personId.get(name) as number;
      samples.forEach((s, i) => {
        const v = vectors[i]!;
        insertSample.run(id, s.embedder, v.length, Buffer.from(v.buffer, v.byteOffset, v.byteLength), s.sourceHash, s.source, s.kind, s.mask ?? '', now);
      });
    })());
    this.changed({ kind: 'enrol', person: name });
    return this.person(name);
  }

  async remove(name: string): Promise<void> {
    const result = writing(this.location, () => this.db.transaction(() => this.db.prepare('DELETE FROM people WHERE name = ?').run(name))());
    if (result.changes === 0) throw unknownPerson(name, this.location);
    this.changed({ kind: 'remove', person: name });
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
    // One read transaction: the names and the samples come from the same snapshot.
    return this.db.transaction(() => {
      const names = new Map((this.db.prepare('SELECT id, name FROM people').raw().all() as Array<[number, string]>).map(([id, name]) => [String(id), name]));
      const collector = new EmbeddingCollector(names, this.location);
      const rows = this.db.prepare('SELECT person_id, kind, vector FROM samples WHERE embedder = ? ORDER BY id').raw().iterate(embedder);
      for (const [personId, kind, vector] of rows as Iterable<[number, SampleKind, Buffer]>) collector.add(personId, kind, vector);
      return collector.embeddings();
    })();
  }

  async calibration(embedder: string): Promise<Calibration | undefined> {
    const value = this.db.prepare('SELECT value FROM calibrations WHERE embedder = ?').pluck().get(embedder) as string | undefined;
    return value === undefined ? undefined : (JSON.parse(value) as Calibration);
  }

  async saveCalibration(calibration: Calibration): Promise<void> {
    writing(this.location, () => this.db.prepare('INSERT INTO calibrations (embedder, value) VALUES (?, ?) ON CONFLICT(embedder) DO UPDATE SET value = excluded.value')
      .run(calibration.embedder, JSON.stringify(calibration)));
    this.changed({ kind: 'calibration' });
  }

  async onChange(listener: GalleryChangeListener): Promise<() => void> {
    const remove = this.listeners.add(listener);
    if (this.poll === undefined) {
      // data_version changes when another connection commits (this one's own writes are reported above).
      const version = this.db.prepare('PRAGMA data_version').pluck();
      let last = version.get() as number;
      this.poll = setInterval(() => {
        const now = version.get() as number;
        if (now === last) return;
        last = now;
        this.listeners.emit({ kind: 'unknown', local: false });
      }, SQLITE_CHANGE_POLL_MS);
    }
    return () => {
      remove();
      if (this.listeners.size === 0) this.stopPolling();
    };
  }

  private stopPolling(): void {
    clearInterval(this.poll);
    this.poll = undefined;
  }

  async close(): Promise<void> {
    this.stopPolling();
    this.db.close();
  }
}

const NOT_A_GALLERY_FIX = 'Give a gallery made by `maskface enroll`, or a new file name to create one.';

/**
 * SQLite's errors that are about the place, not the file's content: a read-only or inaccessible
 * gallery is not "not a maskface gallery" (issue 25). Undefined for any other error.
 */
function storageError(path: string, err: unknown): MaskfaceError | undefined {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  const side = `SQLite also writes ${basename(path)}-wal and ${basename(path)}-shm beside it`;
  if (code.startsWith('SQLITE_READONLY')) {
    return new MaskfaceError('MF_NOT_WRITABLE', `${path}: the gallery is read-only (the file or its folder cannot be written; ${side}). Check their permissions, or copy the gallery to a writable place.`, { file: path, cause: err });
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new MaskfaceError('MF_NOT_WRITABLE', `${path}: the gallery cannot be opened (its folder is read-only or not accessible; ${side}). Check the permissions, or choose a writable place.`, { file: path, cause: err });
  }
  if (code === 'SQLITE_FULL') return new MaskfaceError('MF_NO_SPACE', `${path}: no space left on the device for the gallery. Free some space.`, { file: path, cause: err });
  if (isSystemError(err) && ['EACCES', 'EPERM', 'EROFS'].includes(err.code)) {
    return new MaskfaceError('MF_NOT_WRITABLE', `${path}: the gallery cannot be created here (${err.code} on ${err.path ?? path}). Choose a writable place.`, { file: path, cause: err });
  }
  return isSystemError(err) ? fromSystemError(err, 'the gallery') : undefined;
}

/** Runs a write, naming the gallery when SQLite cannot write it. */
function writing<T>(path: string, write: () => T): T {
  try {
    return write();
  } catch (err) {
    throw storageError(path, err) ?? err;
  }
}

function badGallery(path: string, reason: string): MaskfaceError {
  return storeBadGallery(path, reason, NOT_A_GALLERY_FIX);
}

export function openSqliteGallery(path: string, options: OpenGalleryOptions = {}): Gallery {
  const exists = existsSync(path);
  if (!exists && options.create !== true) throw fileNotFound(path, 'Create a gallery first with `maskface enroll <gallery> <name> <photos...>`.');
  if (!exists) writing(path, () => mkdirSync(dirname(path), { recursive: true }));
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: exists });
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
  } catch (err) {
    throw storageError(path, err) ?? badGallery(path, (err as Error).message);
  }
  try {
    const hasMeta = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() !== undefined;
    if (exists && !hasMeta) throw badGallery(path, 'no maskface tables');
    db.exec(SCHEMA);
    if (!hasMeta) {
      const insert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      db.transaction(() => {
        for (const [key, value] of newGalleryMeta(options)) insert.run(key, value);
      })();
    }
    const rows = db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>;
    const { embedder, crop } = checkGalleryMeta(path, new Map(rows.map((r) => [r.key, r.value])), NOT_A_GALLERY_FIX);
    return new SqliteGallery(path, db, embedder, crop);
  } catch (err) {
    db.close();
    if (err instanceof MaskfaceError) throw err;
    throw storageError(path, err) ?? badGallery(path, (err as Error).message);
  }
}
