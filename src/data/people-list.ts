/** A people list: one person (folder name) per line, `#` starts a comment line, blank lines ignored. */
import { readFile } from 'node:fs/promises';
import { MaskfaceError } from '../errors.js';

/** Reads a people list; `option` names the flag that gave the file, for the error message. */
export async function readPeopleList(path: string, option = '--people'): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new MaskfaceError('MF_FILE_NOT_FOUND', `${path}: cannot read the ${option} file. Give a text file with one person (folder name) per line.`, { file: path });
  }
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}
