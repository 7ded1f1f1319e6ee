/**
 * Every error the API answers has the same JSON shape, `{ error: { code, message } }`, with a stable
 * code from the error catalogue (src/errors.ts) and the HTTP status that code carries. Fastify's and
 * the multipart plugin's own errors are translated here; anything unexpected becomes `MF_INTERNAL`
 * without leaking its details to the client (it is logged instead).
 */
import { MaskfaceError, isMaskfaceError } from '../errors.js';

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

interface FastifyLikeError {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly message?: unknown;
  readonly validation?: unknown;
}

const TOO_LARGE = new Set(['FST_REQ_FILE_TOO_LARGE', 'FST_ERR_CTP_BODY_TOO_LARGE', 'FST_FILES_LIMIT', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT']);
const NOT_MULTIPART = new Set(['FST_INVALID_MULTIPART_CONTENT_TYPE', 'FST_ERR_CTP_INVALID_MEDIA_TYPE', 'FST_ERR_CTP_EMPTY_JSON_BODY']);

export interface UploadLimitsForMessages {
  readonly maxUploadBytes: number;
  readonly maxEnrollPhotos: number;
}

/** Turns any thrown value into a catalogue error; `internal` is true when it was not a client's fault. */
export function toMaskfaceError(err: unknown, limits: UploadLimitsForMessages): { error: MaskfaceError; internal: boolean } {
  if (isMaskfaceError(err)) return { error: err, internal: err.status >= 500 };
  const e = (typeof err === 'object' && err !== null ? err : {}) as FastifyLikeError;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(err);
  if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { error: new MaskfaceError('MF_PAYLOAD_TOO_LARGE', `the upload is over the limit of ${limits.maxUploadBytes} bytes a file: send a smaller photo.`), internal: false };
  }
  if (TOO_LARGE.has(code)) {
    return {
      error: new MaskfaceError('MF_PAYLOAD_TOO_LARGE', `too many parts in the form (${message}): send at most ${limits.maxEnrollPhotos} photos and the documented fields.`),
      internal: false,
    };
  }
  if (NOT_MULTIPART.has(code)) {
    return { error: new MaskfaceError('MF_MISSING_FIELD', `the request body is not multipart/form-data (${message}): send the photo as a form field.`), internal: false };
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (e.validation !== undefined || (status >= 400 && status < 500)) {
    return { error: new MaskfaceError('MF_INVALID_ARGUMENT', `bad request: ${message}`), internal: false };
  }
  return { error: new MaskfaceError('MF_INTERNAL', 'internal error: the server logged the details.', { cause: err }), internal: true };
}

/** Seconds a client told `MF_BUSY` waits before retrying (the Retry-After header): about two recognitions. */
export const BUSY_RETRY_AFTER_S = 2;

/** Longest log entry of a failed request, in characters: tfjs-wasm's errors carry a whole minified source line. */
const MAX_LOG_CHARS = 4000;

/** The stderr line (and stack) of a request that failed on the server's side, when --log is off. */
export function internalErrorLine(method: string, url: string, answered: MaskfaceError, err: unknown): string {
  const detail = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  const text = detail.length > MAX_LOG_CHARS ? `${detail.slice(0, MAX_LOG_CHARS)}…` : detail;
  return `${new Date().toISOString()} maskface serve: ${method} ${url.split('?')[0]} failed (${answered.status} ${answered.code}): ${text}\n`;
}

export function errorBody(error: MaskfaceError): ErrorBody {
  return { error: { code: error.code, message: error.message } };
}
