/**
 * The manual cleaning pass (paper 3.1.2) is saved as `review.json` in the prepared folder:
 * `{ "excluded": [<source path>, ...] }`. `prepare` leaves those photos out on its next run.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { MaskfaceError } from '../errors.js';
import { writeFileAtomic } from '../image/io.js';

export const ReviewSchema = z.object({
  /** Source paths (as in the manifest's `source`) excluded by hand. */
  excluded: z.array(z.string()),
});
export type Review = z.infer<typeof ReviewSchema>;

/** The set of excluded source paths; empty when the file does not exist. */
export async function readReview(path: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return new Set();
  }
  const parsed = ReviewSchema.safeParse((() => { try { return JSON.parse(text) as unknown; } catch { return undefined; } })());
  if (!parsed.success) {
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `${path}: expected {"excluded": [paths...]}. Fix the file or delete it to start the review again.`, { file: path });
  }
  return new Set(parsed.data.excluded);
}

export async function writeReview(path: string, excluded: Iterable<string>): Promise<void> {
  const review: Review = { excluded: [...new Set(excluded)].sort() };
  await writeFileAtomic(path, `${JSON.stringify(review, null, 1)}\n`);
}
