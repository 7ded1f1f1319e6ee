/**
 * Turns `pg` failures into catalogue errors: a server that cannot be reached (down, wrong host or
 * port, unknown database, refused login) becomes MF_GALLERY_UNREACHABLE naming the URL (without its
 * password) and the fix. Other database errors pass through unchanged.
 */
import { MaskfaceError } from '../../errors.js';

/** Socket errors of a server that is not there. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
/** SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, starting up). */
const UNREACHABLE_SQLSTATE = /^(08|57P0[1-3])/;

/** How to start the PostgreSQL server of a Debian machine (see docs/scale.md). */
export const START_POSTGRES_HINT = 'start it (Debian: pg_ctlcluster <version> main start; see docs/scale.md)';

function fix(code: string | undefined, message: string): string {
  if (code === '3D000') return 'Create the database first (createdb <name>) or fix the URL\'s database.';
  if (code === '28P01' || code === '28000') return 'Check the user and password in the URL (or the server\'s pg_hba.conf).';
  if (code === '53300') return 'The server has no free connection: raise max_connections or run fewer maskface processes.';
  return `Check that PostgreSQL is running there and the URL's host and port are right, or ${START_POSTGRES_HINT}.${/timeout/i.test(message) ? ' (No answer within the connection timeout.)' : ''}`;
}

export function isUnreachable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNREACHABLE_SQLSTATE.test(code) || ['3D000', '28P01', '28000', '53300'].includes(code))) return true;
  return /timeout expired|Connection terminated|connection (was )?(closed|refused)/i.test(err.message);
}

/** The catalogue error for a failure talking to the gallery at `display` (a URL without password). */
export function postgresError(err: unknown, display: string): unknown {
  if (err instanceof MaskfaceError || !isUnreachable(err)) return err;
  const error = err as Error & { code?: string };
  const reason = error.message === '' ? (error.code ?? 'connection failed') : error.message;
  return new MaskfaceError('MF_GALLERY_UNREACHABLE', `${display}: cannot use the PostgreSQL gallery (${reason}). ${fix(error.code, reason)}`, { file: display, cause: err });
}
