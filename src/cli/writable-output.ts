/**
 * Checks, before any long work, that a command can write its output where the user asked: the
 * nearest folder that exists on the way must take a new entry (a probe folder is made there and
 * removed), and the output itself must be a folder or a file as the command expects. Before this,
 * `train --out` on a read-only place failed after minutes of training (issue 25).
 */
import { mkdtemp, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { MaskfaceError, fromSystemError, isSystemError } from '../errors.js';

export type OutputKind = 'file' | 'folder';

async function kindOf(path: string): Promise<'file' | 'folder' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'file';
  } catch (err) {
    if (isSystemError(err) && (err.code === 'ENOENT' || err.code === 'ENOTDIR')) return 'missing';
    throw err;
  }
}

/** `what` names the output in messages (`recognize --out`). Throws a catalogue error naming the path. */
export async function assertWritableOutput(path: string, kind: OutputKind, what: string): Promise<void> {
  const target = resolve(path);
  try {
    const found = await kindOf(target);
    if (found === 'folder' && kind === 'file') throw new MaskfaceError('MF_NOT_A_FILE', `${path} (${what}): is a folder, where a file is written. Give a file name.`, { file: path });
    if (found === 'file' && kind === 'folder') throw new MaskfaceError('MF_NOT_A_DIRECTORY', `${path} (${what}): is a file, where a folder is written. Give a folder.`, { file: path });
    let existing = found === 'folder' ? target : dirname(target);
    for (;;) {
      const k = await kindOf(existing);
      if (k === 'folder') break;
      if (k === 'file') throw new MaskfaceError('MF_NOT_A_DIRECTORY', `${path} (${what}): ${existing} is a file, not a folder. Give a path inside a folder.`, { file: path });
      existing = dirname(existing);
    }
    await rmdir(await mkdtemp(join(existing, '.maskface-write-check-')));
  } catch (err) {
    if (!isSystemError(err)) throw err;
    const mapped = fromSystemError(err, what);
    if (mapped === undefined) throw err;
    // The probe's random name means nothing to the user: name the output they gave.
    throw new MaskfaceError(mapped.code === 'MF_PERMISSION_DENIED' ? 'MF_NOT_WRITABLE' : mapped.code, `${path} (${what}): cannot be written: ${describe(err.code)}. Choose a writable place.`, { file: path, cause: err });
  }
}

function describe(code: string): string {
  switch (code) {
    case 'EROFS': return 'the file system is read-only';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ENOSPC':
    case 'EDQUOT': return 'no space left on the device';
    case 'ENOENT': return 'the place cannot hold new files';
    default: return code;
  }
}
