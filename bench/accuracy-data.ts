/**
 * The photos of the accuracy benchmark (issue 10): RMFD's 30 people with the most masked photos
 * (enrolled), other RMFD people split into a projection-learning pool and a stranger pool, and
 * LFW's strangers. Photos whose bytes appear under two different people are dropped (RMFD ships
 * 12 masked photos in two people's folders: their label is unknowable).
 */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { withoutExactDuplicates } from '../src/data/exact-duplicates.js';
import { scanDataset } from '../src/data/layout.js';
import { isImagePath } from '../src/image/io.js';

export type PhotoGroup = 'masked' | 'unmasked';
export type PhotoRole = 'enrolled' | 'projection' | 'stranger';

export interface BenchPhoto {
  readonly path: string;
  /** SHA-256 (hex) of the bytes: the feature cache key. */
  readonly hash: string;
  readonly person: string;
  readonly group: PhotoGroup;
  readonly role: PhotoRole;
  /** A synthetic mask is drawn on the photo (insertMask, type and colour from the photo's seed) before it is cropped. */
  readonly syntheticMask?: boolean;
  /** Which synthetic mask (seed `photoSeed(maskVariant, path)`); absent: 0. Several variants of one photo are distinct cache entries. */
  readonly maskVariant?: number;
  /** Region of the photo that is the tight face crop; absent: the whole photo (RMFD). */
  readonly crop?: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
}

/** The protocol: the 30 people with the most masked photos (ties broken by name). */
export const ENROLLED_PEOPLE = 30;
/** Every STRANGER_EVERY-th other RMFD person (by name) is a stranger; the rest teach the projection. */
export const STRANGER_EVERY = 3;
/** Photos per RMFD stranger and group, so that a few people with many photos do not dominate. */
export const STRANGER_PHOTOS_PER_GROUP = 2;
/**
 * LFW deep-funneled photos are 250x250 with the face centred; this region is its tight crop (brows
 * to chin, as RMFD's), checked by eye on a montage of the first photos.
 */
export const LFW_FACE_REGION = { x: 70, y: 68, width: 110, height: 120 } as const;

export interface BenchData {
  readonly enrolled: readonly BenchPhoto[];
  readonly projection: readonly BenchPhoto[];
  readonly strangers: readonly BenchPhoto[];
}

async function hashFile(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/**
 * Which RMFD people are enrolled: `test`, the 30 people with the most masked photos; `dev`,
 * the NEXT 30 by the same ranking, for choosing methods and settings without touching the test
 * people. In `dev` the test people are left out entirely (neither background nor strangers), dev
 * people are not strangers, and the background is every RMFD person in neither set and not a stranger.
 */
export type BenchSet = 'test' | 'dev';

export async function loadBenchData(datasetsDir: string, set: BenchSet = 'test'): Promise<BenchData> {
  const rmfd = await scanDataset(join(datasetsDir, 'rmfd-subset'), { layout: 'rmfd' });
  const raw: Array<{ path: string; hash: string; person: string; group: PhotoGroup }> = [];
  for (const person of rmfd.people) {
    for (const group of ['unmasked', 'masked'] as const) {
      for (const path of person[group].filter(isImagePath)) raw.push({ path, hash: await hashFile(path), person: person.name, group });
    }
  }
  const clean = withoutExactDuplicates(raw);
  const maskedCount = new Map<string, number>();
  for (const p of clean) if (p.group === 'masked') maskedCount.set(p.person, (maskedCount.get(p.person) ?? 0) + 1);
  const ranked = [...new Set(clean.map((p) => p.person))].sort((a, b) => (maskedCount.get(b) ?? 0) - (maskedCount.get(a) ?? 0) || (a < b ? -1 : 1));
  const testPeople = new Set(ranked.slice(0, ENROLLED_PEOPLE));
  const devPeople = new Set(ranked.slice(ENROLLED_PEOPLE, 2 * ENROLLED_PEOPLE));
  const others = ranked.slice(ENROLLED_PEOPLE).sort();
  // The stranger people are the same in both sets (drawn among everyone but the test people); in
  // `dev` those who are dev people are enrolled instead.
  const strangerPeople = new Set(others.filter((_, i) => i % STRANGER_EVERY === 0));
  const enrolledPeople = set === 'test' ? testPeople : devPeople;
  const leftOut = set === 'test' ? new Set<string>() : testPeople;

  const enrolled: BenchPhoto[] = [];
  const projection: BenchPhoto[] = [];
  const strangers: BenchPhoto[] = [];
  const strangerTaken = new Map<string, number>();
  for (const p of clean) {
    if (leftOut.has(p.person)) continue;
    if (enrolledPeople.has(p.person)) enrolled.push({ ...p, role: 'enrolled' });
    else if (!strangerPeople.has(p.person)) projection.push({ ...p, role: 'projection' });
    else {
      const key = `${p.person}/${p.group}`;
      const taken = strangerTaken.get(key) ?? 0;
      if (taken >= STRANGER_PHOTOS_PER_GROUP) continue;
      strangerTaken.set(key, taken + 1);
      strangers.push({ ...p, person: `rmfd:${p.person}`, role: 'stranger' });
    }
  }
  const lfwDir = join(datasetsDir, 'lfw-strangers');
  for (const person of (await readdir(lfwDir)).sort()) {
    for (const name of (await readdir(join(lfwDir, person))).filter(isImagePath).sort()) {
      const path = join(lfwDir, person, name);
      strangers.push({ path, hash: await hashFile(path), person: `lfw:${person}`, group: 'unmasked', role: 'stranger', crop: LFW_FACE_REGION });
    }
  }
  return { enrolled, projection, strangers };
}

/** LFW people in the synthetic-mask benchmark, and photos per person (LFW's folder holds people with >= 10). */
export const LFW_PEOPLE = 30;
export const LFW_PHOTOS_PER_PERSON = 10;

/**
 * LFW with synthetic masks: the first LFW_PEOPLE people by name, their first LFW_PHOTOS_PER_PERSON
 * photos; every other photo gets a mask, so each source photo is used once (masked or not) and a
 * photo never meets its own masked copy across a fold.
 */
export async function loadLfwSyntheticData(datasetsDir: string): Promise<BenchPhoto[]> {
  const lfwDir = join(datasetsDir, 'lfw');
  const out: BenchPhoto[] = [];
  for (const person of (await readdir(lfwDir)).sort().slice(0, LFW_PEOPLE)) {
    const names = (await readdir(join(lfwDir, person))).filter(isImagePath).sort().slice(0, LFW_PHOTOS_PER_PERSON);
    for (const [i, name] of names.entries()) {
      const path = join(lfwDir, person, name);
      const masked = i % 2 === 0;
      out.push({ path, hash: await hashFile(path), person: `lfw:${person}`, group: masked ? 'masked' : 'unmasked', role: 'enrolled', crop: LFW_FACE_REGION, syntheticMask: masked });
    }
  }
  return out;
}
