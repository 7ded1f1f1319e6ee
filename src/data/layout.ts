/**
 * Dataset layouts (paper 3.1.1). RMFD keeps unmasked and masked photos in two parallel trees,
 * `AFDB_face_dataset/<person>/` and `AFDB_masked_face_dataset/<person>/`; a plain layout keeps one
 * folder per person and a file-name rule says which photos are masked.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { MaskfaceError, fileNotFound } from '../errors.js';

export type Group = 'masked' | 'unmasked';
export type LayoutKind = 'rmfd' | 'folders';

export const RMFD_UNMASKED_DIR = 'AFDB_face_dataset';
export const RMFD_MASKED_DIR = 'AFDB_masked_face_dataset';

export interface PersonPhotos {
  readonly name: string;
  /** Absolute paths of every file found, images or not (prepare decides what is usable). */
  readonly unmasked: string[];
  readonly masked: string[];
}

export interface Dataset {
  readonly root: string;
  readonly layout: LayoutKind;
  /** Sorted by name. */
  readonly people: PersonPhotos[];
}

export interface ScanOptions {
  /** Force a layout; default: RMFD when its folders exist, else folder-per-person. */
  readonly layout?: LayoutKind;
  /** Folder-per-person layout: file names matching this (case-insensitive) are masked. Default `mask`. */
  readonly maskedPattern?: string;
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function listVisible(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
}

/** Finds the folder holding the two RMFD trees: the root itself or one level below (as in the full release). */
async function findRmfdRoot(root: string): Promise<string | undefined> {
  const has = async (dir: string): Promise<boolean> =>
    (await isDir(join(dir, RMFD_UNMASKED_DIR))) || (await isDir(join(dir, RMFD_MASKED_DIR)));
  if (await has(root)) return root;
  for (const name of await listVisible(root)) {
    const sub = join(root, name);
    if ((await isDir(sub)) && (await has(sub))) return sub;
  }
  return undefined;
}

/** Files of every person folder below `dir`, by person; files directly in `dir` are ignored. */
async function filesByPerson(dir: string): Promise<Map<string, string[]>> {
  const byPerson = new Map<string, string[]>();
  if (!(await isDir(dir))) return byPerson;
  for (const person of await listVisible(dir)) {
    const personDir = join(dir, person);
    if (!(await isDir(personDir))) continue;
    const files: string[] = [];
    for (const name of await listVisible(personDir)) {
      const path = join(personDir, name);
      if (!(await isDir(path))) files.push(path);
    }
    byPerson.set(person, files);
  }
  return byPerson;
}

export async function scanDataset(root: string, options: ScanOptions = {}): Promise<Dataset> {
  if (!(await isDir(root))) {
    throw (await stat(root).catch(() => undefined))
      ? new MaskfaceError('MF_NOT_A_DIRECTORY', `${root}: a file, not a folder. Give the dataset's top folder.`, { file: root })
      : fileNotFound(root, 'Give the dataset folder (RMFD layout or one folder per person).');
  }
  const rmfdRoot = options.layout === 'folders' ? undefined : await findRmfdRoot(root);
  if (options.layout === 'rmfd' && rmfdRoot === undefined) {
    throw new MaskfaceError(
      'MF_UNKNOWN_LAYOUT',
      `${root}: no ${RMFD_UNMASKED_DIR}/ or ${RMFD_MASKED_DIR}/ folder found. Give the RMFD folder, or use --layout folders.`,
      { file: root },
    );
  }
  const people = new Map<string, PersonPhotos>();
  const person = (name: string): PersonPhotos => {
    let p = people.get(name);
    if (!p) people.set(name, (p = { name, unmasked: [], masked: [] }));
    return p;
  };
  if (rmfdRoot !== undefined) {
    for (const [name, files] of await filesByPerson(join(rmfdRoot, RMFD_UNMASKED_DIR))) person(name).unmasked.push(...files);
    for (const [name, files] of await filesByPerson(join(rmfdRoot, RMFD_MASKED_DIR))) person(name).masked.push(...files);
  } else {
    const rule = new RegExp(options.maskedPattern ?? 'mask', 'i');
    for (const [name, files] of await filesByPerson(root)) {
      const p = person(name);
      for (const file of files) (rule.test(relative(join(root, name), file)) ? p.masked : p.unmasked).push(file);
    }
  }
  if (people.size === 0) {
    throw new MaskfaceError(
      'MF_EMPTY_DATASET',
      `${root}: no person folders found. Expected ${RMFD_UNMASKED_DIR}/<person>/ and ${RMFD_MASKED_DIR}/<person>/, or <person>/<photo> folders.`,
      { file: root },
    );
  }
  return {
    root: rmfdRoot ?? root,
    layout: rmfdRoot !== undefined ? 'rmfd' : 'folders',
    people: [...people.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}
