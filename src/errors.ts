/**
 * The error catalogue. Every error maskface throws is a `MaskfaceError` with a stable `code`
 * (scripts and the HTTP API rely on it) and an HTTP status for the server. Messages say what was
 * expected, what was received and how to fix it.
 */
export type ErrorCode =
  | 'MF_INVALID_ARGUMENT'
  | 'MF_FILE_NOT_FOUND'
  | 'MF_NOT_A_DIRECTORY'
  | 'MF_NOT_A_FILE'
  | 'MF_NOT_WRITABLE'
  | 'MF_PERMISSION_DENIED'
  | 'MF_NO_SPACE'
  | 'MF_UNREADABLE_IMAGE'
  | 'MF_IMAGE_TOO_LARGE'
  | 'MF_UNKNOWN_LAYOUT'
  | 'MF_BAD_MANIFEST'
  | 'MF_EMPTY_DATASET'
  | 'MF_MODEL_NOT_LOADED'
  | 'MF_BAD_WEIGHTS'
  | 'MF_SHAPE_MISMATCH'
  | 'MF_NO_FACE'
  | 'MF_UNKNOWN_PERSON'
  | 'MF_DUPLICATE_PERSON'
  | 'MF_BAD_GALLERY'
  | 'MF_GALLERY_UNREACHABLE'
  | 'MF_UNAUTHORIZED'
  | 'MF_PAYLOAD_TOO_LARGE'
  | 'MF_MISSING_FIELD'
  | 'MF_BAD_MULTIPART'
  | 'MF_TOOL_MISSING'
  | 'MF_VIDEO_FAILED'
  | 'MF_ROUTE_NOT_FOUND'
  | 'MF_BUSY'
  | 'MF_READ_ONLY'
  | 'MF_QUEUE_UNREACHABLE'
  | 'MF_INTERNAL';

const HTTP_STATUS: Record<ErrorCode, number> = {
  MF_INVALID_ARGUMENT: 400,
  MF_FILE_NOT_FOUND: 404,
  MF_NOT_A_DIRECTORY: 400,
  MF_NOT_A_FILE: 400,
  MF_NOT_WRITABLE: 500,
  MF_PERMISSION_DENIED: 403,
  MF_NO_SPACE: 507,
  MF_UNREADABLE_IMAGE: 415,
  MF_IMAGE_TOO_LARGE: 413,
  MF_UNKNOWN_LAYOUT: 400,
  MF_BAD_MANIFEST: 400,
  MF_EMPTY_DATASET: 400,
  MF_MODEL_NOT_LOADED: 500,
  MF_BAD_WEIGHTS: 400,
  MF_SHAPE_MISMATCH: 400,
  MF_NO_FACE: 422,
  MF_UNKNOWN_PERSON: 404,
  MF_DUPLICATE_PERSON: 409,
  MF_BAD_GALLERY: 500,
  MF_GALLERY_UNREACHABLE: 503,
  MF_UNAUTHORIZED: 401,
  MF_PAYLOAD_TOO_LARGE: 413,
  MF_MISSING_FIELD: 400,
  MF_BAD_MULTIPART: 400,
  MF_TOOL_MISSING: 500,
  MF_VIDEO_FAILED: 500,
  MF_ROUTE_NOT_FOUND: 404,
  MF_BUSY: 503,
  MF_READ_ONLY: 409,
  MF_QUEUE_UNREACHABLE: 503,
  MF_INTERNAL: 500,
};

export class MaskfaceError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** The file the error is about, where there is one. */
  readonly file: string | undefined;

  constructor(code: ErrorCode, message: string, options: { file?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MaskfaceError';
    this.code = code;
    this.status = HTTP_STATUS[code];
    this.file = options.file;
  }
}

export const invalidArgument = (what: string, expected: string, received: unknown): MaskfaceError =>
  new MaskfaceError('MF_INVALID_ARGUMENT', `${what}: expected ${expected}, received ${JSON.stringify(received)}`);

export const fileNotFound = (file: string, fix: string): MaskfaceError =>
  new MaskfaceError('MF_FILE_NOT_FOUND', `${file}: no such file or folder. ${fix}`, { file });

export const unreadableImage = (file: string, reason: string): MaskfaceError =>
  new MaskfaceError(
    'MF_UNREADABLE_IMAGE',
    `${file}: not a readable image (${reason}). Give a JPEG, PNG, WebP, GIF or TIFF photo.`,
    { file },
  );

export const modelNotLoaded = (model: string): MaskfaceError =>
  new MaskfaceError('MF_MODEL_NOT_LOADED', `${model} was called before it was loaded: await load() first.`);

export function isMaskfaceError(err: unknown): err is MaskfaceError {
  return err instanceof MaskfaceError;
}

/** A failed file-system call (`fs` errors carry `code`, `syscall` and `path`). */
export interface SystemError extends Error {
  readonly code: string;
  readonly syscall?: string;
  readonly path?: string;
  readonly dest?: string;
}

export function isSystemError(err: unknown): err is SystemError {
  const code: unknown = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

/**
 * A file-system error as a catalogue error naming the path and what is wrong with it, or undefined
 * for codes that say nothing a user can fix. `what` says what the path is ("a photo"); `file` is
 * the path when the error does not carry one.
 */
export function fromSystemError(err: SystemError, what?: string, file?: string): MaskfaceError | undefined {
  // Some calls leave the path out (readFile of a folder: EISDIR); the caller knows it.
  const path = err.path ?? err.dest ?? file ?? '(unknown path)';
  const subject = what === undefined ? path : `${path} (${what})`;
  const make = (code: ErrorCode, text: string) => new MaskfaceError(code, `${subject}: ${text}`, { file: path, cause: err });
  switch (err.code) {
    case 'ENOENT':
      return make('MF_FILE_NOT_FOUND', 'no such file or folder. Check the path.');
    case 'EISDIR':
      return make('MF_NOT_A_FILE', 'is a folder, where a file was expected. Give a file.');
    case 'ENOTDIR':
      return make('MF_NOT_A_DIRECTORY', 'a part of this path is a file, not a folder. Give a path inside a folder.');
    case 'EROFS':
      return make('MF_NOT_WRITABLE', 'on a read-only file system. Choose a writable place.');
    case 'EACCES':
    case 'EPERM':
      return make('MF_PERMISSION_DENIED', `permission denied (${err.syscall ?? 'access'}). Check its permissions or choose another place.`);
    case 'ENOSPC':
    case 'EDQUOT':
      return make('MF_NO_SPACE', 'no space left on the device. Free some space or choose another place.');
    case 'ENAMETOOLONG':
      return make('MF_INVALID_ARGUMENT', 'the name is too long for the file system.');
    default:
      return undefined;
  }
}
