/**
 * A PostgreSQL gallery's location: `postgres://user:password@host:port/database?gallery=name` (or
 * `postgresql://`). The gallery is one schema of that database, named by `?gallery=` (default
 * `maskface`), so several galleries share a database; the URL's other parameters go to `pg` as
 * they are. Messages show the URL with its password hidden.
 */
import { MaskfaceError } from '../../errors.js';

/** The schema (gallery) used when the URL has no `?gallery=`. */
export const DEFAULT_POSTGRES_GALLERY = 'maskface';

/**
 * A gallery name is a PostgreSQL schema name used unquoted in messages and as part of the
 * notification channel (`maskface_<name>`, at most 63 bytes): lowercase ASCII, digits and `_`.
 */
const GALLERY_NAME = /^[a-z_][a-z0-9_]{0,47}$/;

export interface PostgresLocation {
  /** The URL `pg` connects with: the given one without `gallery=`. */
  readonly connectionString: string;
  /** The schema holding the gallery's tables. */
  readonly schema: string;
  /** The URL with its password replaced by `***`, for messages and `Gallery.location`. */
  readonly display: string;
  /** The LISTEN/NOTIFY channel of this gallery. */
  readonly channel: string;
}

export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** The location with any password hidden, also when it is not a valid URL. */
export function redactLocation(location: string): string {
  try {
    const url = new URL(location);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return location.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
  }
}

export function parsePostgresLocation(location: string): PostgresLocation {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `${redactLocation(location)}: not a valid URL. Give postgres://user:password@host:port/database?gallery=name.`);
  }
  const schema = url.searchParams.get('gallery') ?? DEFAULT_POSTGRES_GALLERY;
  if (!GALLERY_NAME.test(schema) || schema.startsWith('pg_')) {
    throw new MaskfaceError(
      'MF_INVALID_ARGUMENT',
      `${redactLocation(location)}: gallery=${JSON.stringify(schema)} is not a usable gallery name. Give 1 to 48 lowercase letters, digits or _ (not starting with a digit or pg_), e.g. ?gallery=staff.`,
    );
  }
  if (url.pathname.length <= 1) {
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `${redactLocation(location)}: no database in the URL. Give postgres://user@host:port/<database>?gallery=${schema}.`);
  }
  const display = redactLocation(location);
  url.searchParams.delete('gallery');
  return { connectionString: url.toString(), schema, display, channel: `maskface_${schema}` };
}
