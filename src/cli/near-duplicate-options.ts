/** `--near-duplicate <cosine>` of `dataset prepare` and `experiment`: checked where it enters. */
import { NEAR_DUPLICATE_COSINE } from '../data/near-duplicates.js';
import { MaskfaceError } from '../errors.js';

export function parseNearDuplicateCosine(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n < 1)) throw new MaskfaceError('MF_INVALID_ARGUMENT', `--near-duplicate: expected a cosine between 0 and 1 (exclusive), received "${value}". Give e.g. --near-duplicate ${NEAR_DUPLICATE_COSINE}, or --no-group for the plain split.`);
  return n;
}
