/**
 * The balancing flags of every command that balances photos (`balance`, `train`, `experiment`),
 * defined once (issue 17): an error that names one of them as its fix (SMOTE's `--small-class
 * shrink` or `--k 3`) can be followed on whichever of these commands raised it. The checks are the
 * library's own (src/balance/settings.ts); src/cli/error-fixes.test.ts keeps the messages honest.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { z } from 'zod';
import { DEFAULT_K, DEFAULT_SEED, DEFAULT_SMALL_CLASS, SMALL_CLASS_POLICIES, SmoteSettingsShape } from '../balance/index.js';
import { MaskfaceError } from '../errors.js';

/** The flags under their commander keys. */
export const BalanceFlagsSchema = z.object({
  /** Seed of the balancing draws (and of whatever else the command seeds). Default 42. */
  seed: z.number().int().min(0).default(DEFAULT_SEED),
  ...SmoteSettingsShape,
});
export type BalanceFlags = z.output<typeof BalanceFlagsSchema>;

const FLAG_OF: Readonly<Record<keyof BalanceFlags, string>> = { seed: '--seed', k: '--k', smallClass: '--small-class' };

/** A whole number from the command line; its range is BalanceFlagsSchema's to check. */
const wholeNumber = (flag: string) => (value: string): number => {
  if (!/^\s*[+-]?\d+\s*$/.test(value)) throw new MaskfaceError('MF_INVALID_ARGUMENT', `${flag}: expected a whole number, received "${value}".`);
  return Number(value);
};

/** Adds --seed, --k and --small-class; `seedHelp` says what else the command's seed decides. */
export function addBalanceOptions(command: Command, seedHelp: string): Command {
  return command
    .addOption(new Option('--seed <n>', seedHelp).argParser(wholeNumber('--seed')).default(DEFAULT_SEED))
    .addOption(new Option('--k <n>', 'SMOTE nearest neighbours, same person').argParser(wholeNumber('--k')).default(DEFAULT_K))
    .addOption(
      new Option('--small-class <policy>', 'SMOTE on a person with k or fewer photos: stop with an error (as imbalanced-learn) or shrink k to photos - 1')
        .choices([...SMALL_CLASS_POLICIES])
        .default(DEFAULT_SMALL_CLASS),
    );
}

/** The balancing flags of a parsed command, checked; a bad one is named with `maskface <command> --help`. */
export function balanceFlags(command: string, opts: Readonly<Record<string, unknown>>): BalanceFlags {
  const given = { seed: opts.seed, k: opts.k, smallClass: opts.smallClass };
  const parsed = BalanceFlagsSchema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const key = i.path[0] as keyof BalanceFlags;
      return `${FLAG_OF[key]} ${JSON.stringify(given[key])}: ${i.message}`;
    });
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `${command}: ${problems.join('; ')}. See maskface ${command} --help.`);
  }
  return parsed.data;
}
