/**
 * The one person-name rule of the command line, the queue and the HTTP API (issue 25: the CLI
 * enrolled names the API then refused to remove). Names end up in the gallery, in file names of
 * exports and on the web page, so only plain names are enrolled: letters, digits, spaces and
 * `_ . ' -` inside, starting with a letter or digit. That refuses path-like names (`../x`, `a/b`,
 * `C:\x`), markup, control characters and the reserved answer `unknown`.
 * Removal is looser (`validateNameToRemove`): a gallery made before this rule may hold other names,
 * and removing one only looks it up, so any such name can still be removed.
 */
import { MaskfaceError } from '../errors.js';

export const MAX_NAME_LENGTH = 64;
const NAME_PATTERN = /^[\p{L}\p{N}](?:[\p{L}\p{M}\p{N} _.'-]*[\p{L}\p{M}\p{N}.])?$/u;
/** The name given to faces that match nobody; a person cannot be called that. */
export const UNKNOWN_NAME = 'unknown';

export function validatePersonName(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0) {
    throw new MaskfaceError('MF_MISSING_FIELD', 'the person\'s name (field "name") is missing: give one, e.g. "Ada Lovelace".');
  }
  const name = raw.normalize('NFC');
  const shown = JSON.stringify(name.length > MAX_NAME_LENGTH ? `${name.slice(0, MAX_NAME_LENGTH)}...` : name);
  if (name.length > MAX_NAME_LENGTH) {
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `name ${shown} is longer than ${MAX_NAME_LENGTH} characters: shorten it.`);
  }
  if (!NAME_PATTERN.test(name) || name.includes('..')) {
    throw new MaskfaceError(
      'MF_INVALID_ARGUMENT',
      `name ${shown} is not a plain name: use letters, digits, spaces and _ . ' - (starting with a letter or digit, no "/", "\\", ".." or control characters).`,
    );
  }
  if (name.toLowerCase() === UNKNOWN_NAME) {
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `name ${shown} is reserved for faces that match nobody: choose another name.`);
  }
  return name;
}

/** A name to remove: any non-empty name up to the length limit (see the file's comment). */
export function validateNameToRemove(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0) {
    throw new MaskfaceError('MF_MISSING_FIELD', 'the person\'s name is missing: give the name to remove, as `maskface people <gallery>` lists it.');
  }
  if (raw.length > 4 * MAX_NAME_LENGTH) throw new MaskfaceError('MF_INVALID_ARGUMENT', `name of ${raw.length} characters: no enrolled name is that long.`);
  return raw.normalize('NFC');
}
