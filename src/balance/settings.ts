/**
 * The SMOTE settings of every caller that balances training photos (`maskface balance`, `train`,
 * `experiment`): one zod fragment, spread into each caller's own schema, so their defaults and
 * bounds cannot drift apart. The command-line flags are built from it in src/cli/balance-options.ts.
 */
import { z } from 'zod';
import { DEFAULT_K, DEFAULT_SMALL_CLASS, SMALL_CLASS_POLICIES } from './smote.js';

export const SmoteSettingsShape = {
  /** SMOTE nearest neighbours a new row may be drawn towards, same class only. Default 5 (imbalanced-learn's). */
  k: z.number().int().min(1).default(DEFAULT_K),
  /**
   * SMOTE on a class with k or fewer rows: 'error' (default, as imbalanced-learn: stop, naming the
   * class and the fix) or 'shrink' (k = rows - 1 for that class; a lone row gets copies of itself).
   */
  smallClass: z.enum(SMALL_CLASS_POLICIES).default(DEFAULT_SMALL_CLASS),
} as const;

export const SmoteSettingsSchema = z.object(SmoteSettingsShape);
export type SmoteSettings = z.output<typeof SmoteSettingsSchema>;
