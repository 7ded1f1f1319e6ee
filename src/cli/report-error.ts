/**
 * The one place where the command line turns an error into what the user reads: one line
 * `maskface: <message> [MF_CODE]` on stderr, and exit status 1. File-system errors name their path
 * and what is wrong (src/errors.ts `fromSystemError`); anything else is MF_INTERNAL with its first
 * line only, since TensorFlow.js's wasm backend rethrows errors as one minified line of tens of KB
 * (issue 25). `MASKFACE_DEBUG=1` adds the stack.
 */
import { MaskfaceError, fromSystemError, isMaskfaceError, isSystemError } from '../errors.js';

/** Longest message printed, in characters: a message is one line a person reads, never a dump. */
const MAX_MESSAGE_CHARS = 600;

export function toMaskfaceError(err: unknown): MaskfaceError {
  if (isMaskfaceError(err)) return err;
  if (isSystemError(err)) {
    const mapped = fromSystemError(err);
    if (mapped !== undefined) return mapped;
  }
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new MaskfaceError('MF_INTERNAL', `unexpected error: ${firstLine(text)} (MASKFACE_DEBUG=1 prints where it happened)`, { cause: err });
}

/** The line printed for an error. */
export function errorLine(err: unknown): string {
  const error = toMaskfaceError(err);
  return `maskface: ${firstLine(error.message)} [${error.code}]`;
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length <= MAX_MESSAGE_CHARS ? line : `${line.slice(0, MAX_MESSAGE_CHARS)}…`;
}

/** Prints the error (and, with MASKFACE_DEBUG, the original's stack) and exits with status 1. */
export function exitWithError(err: unknown): never {
  process.stderr.write(`${errorLine(err)}\n`);
  if (process.env.MASKFACE_DEBUG !== undefined && process.env.MASKFACE_DEBUG !== '' && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n`);
  process.exit(1);
}
