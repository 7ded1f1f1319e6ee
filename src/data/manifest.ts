/**
 * The manifest of a prepared dataset: every kept photo with its person, group, source, output,
 * hash, original size, train/test split and near-duplicate group. Every later command reads it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { MaskfaceError } from '../errors.js';
import { writeFileAtomic } from '../image/io.js';

export const MANIFEST_FILE = 'manifest.json';
export const REPORT_FILE = 'report.json';
export const REVIEW_FILE = 'review.json';

export const ManifestEntrySchema = z.object({
  /** Person (class) name: the folder name. */
  person: z.string().min(1),
  group: z.enum(['masked', 'unmasked']),
  /** Source photo, absolute path. */
  source: z.string(),
  /** Prepared photo, relative to the prepared folder. */
  output: z.string(),
  /** SHA-256 of the source bytes, hex. */
  hash: z.string(),
  /** Source size in pixels. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  split: z.enum(['train', 'test']),
  /**
   * Near-duplicate group of the photo (one person's photos with a cosine above prepare's
   * --near-duplicate), only when the group holds two or more; a group is on one side of the split.
   */
  nearDuplicateGroup: z.number().int().nonnegative().optional(),
});
export type ManifestEntry = z.infer<typeof ManifestEntrySchema>;

export const ManifestSchema = z.object({
  version: z.literal(1),
  /** Side of the letterboxed square, pixels. */
  size: z.number().int().positive(),
  seed: z.number().int(),
  testFraction: z.number().min(0).max(1),
  /** Source dataset folder. */
  sourceRoot: z.string(),
  createdAt: z.string(),
  entries: z.array(ManifestEntrySchema),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  await writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
}

export async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new MaskfaceError('MF_BAD_MANIFEST', `${path}: not found. Run \`maskface dataset prepare <dataset> --out ${dir}\` first.`, { file: path });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new MaskfaceError('MF_BAD_MANIFEST', `${path}: not valid JSON (${(err as Error).message}). Prepare the dataset again.`, { file: path });
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MaskfaceError(
      'MF_BAD_MANIFEST',
      `${path}: not a maskface manifest (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}). Prepare the dataset again.`,
      { file: path },
    );
  }
  return parsed.data;
}

/** Absolute path of an entry's prepared photo. */
export function entryPath(dir: string, entry: ManifestEntry): string {
  return join(dir, entry.output);
}
