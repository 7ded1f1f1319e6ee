/** `maskface balance`: class balancing of a prepared dataset (paper 3.1.3), by a stated protocol. */
import type { Command } from 'commander';
import { Option } from 'commander';
import { z } from 'zod';
import { BALANCE_METHODS } from '../balance/balance.js';
import { balanceDatasetFolder } from '../balance/folder.js';
import { PROTOCOLS } from '../balance/protocol.js';
import type { BalanceSummary, CountTable } from '../balance/write.js';
import { MaskfaceError } from '../errors.js';
import { addBalanceOptions, BalanceFlagsSchema } from './balance-options.js';
import { progressBar } from './progress.js';
import { assertWritableOutput } from './writable-output.js';

const FlagsSchema = z.object({
  /** Balancing method. */
  method: z.enum(BALANCE_METHODS),
  /** 'paper': balance all, then split 80/20; 'leak-free': keep the manifest split, balance training only. */
  protocol: z.enum(PROTOCOLS),
  /** Balance masked and unmasked photos apart. Default false. */
  perGroup: z.boolean().default(false),
  /** Output folder. */
  out: z.string().min(1),
  /** --seed, --k, --small-class: shared with train and experiment. */
  ...BalanceFlagsSchema.shape,
  json: z.boolean().default(false),
});

function formatCounts(title: string, table: CountTable): string[] {
  return Object.entries(table).map(
    ([group, c]) => `  ${title.padEnd(8)} ${group.padEnd(9)} ${String(c.persons).padStart(5)} people ${String(c.photos).padStart(7)} photos   per person ${c.min}..${c.max}`,
  );
}

export function formatSummary(s: BalanceSummary): string {
  return [
    `protocol: ${s.protocol}${s.protocol === 'paper' ? ' (balanced before the 80/20 split: synthetic copies of test photos reach training)' : ' (split first, only training photos balanced)'}`,
    `method: ${s.method}${s.perGroup ? ', masked and unmasked balanced apart' : ''}; ${s.synthetic} new photos`,
    ...formatCounts('before', s.before),
    ...formatCounts('after', s.after),
    ...formatCounts('train', s.train),
    ...formatCounts('test', s.test),
  ].join('\n');
}

export function register(program: Command): void {
  const command = program
    .command('balance <prepared-dir>')
    .description('balance the classes of a prepared dataset (undersample, oversample, SMOTE) and write it out')
    .addOption(new Option('--method <method>', 'balancing method').choices([...BALANCE_METHODS]).makeOptionMandatory())
    .addOption(new Option('--protocol <protocol>', 'paper: balance then split; leak-free: split then balance training').choices([...PROTOCOLS]).makeOptionMandatory())
    .option('--per-group', 'balance masked and unmasked photos separately, then concatenate')
    .requiredOption('--out <dir>', 'output folder: photos, manifest.json, balance.json');
  addBalanceOptions(command, 'seed of the random draws (and of the paper protocol\'s split)')
    .option('--json', 'print the summary as JSON')
    .action(async (dir: string, opts: Record<string, unknown>) => {
      const parsed = FlagsSchema.safeParse(opts);
      if (!parsed.success) {
        const flag = (key: PropertyKey | undefined): string => `--${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
        const problems = parsed.error.issues.map((i) => `${flag(i.path[0])} ${JSON.stringify(opts[String(i.path[0])])}: ${i.message}`);
        throw new MaskfaceError('MF_INVALID_ARGUMENT', `balance: ${problems.join('; ')}. See maskface balance --help.`);
      }
      const o = parsed.data;
      await assertWritableOutput(o.out, 'folder', 'balance --out');
      const bar = progressBar('balance', !o.json && process.stderr.isTTY === true);
      try {
        const summary = await balanceDatasetFolder(dir, o.out, { method: o.method, protocol: o.protocol, perGroup: o.perGroup, seed: o.seed, k: o.k, smallClass: o.smallClass }, (_stage, d, t) => bar.update(d, t));
        bar.stop();
        console.log(o.json ? JSON.stringify(summary, null, 2) : `${formatSummary(summary)}\nwritten: ${o.out}`);
      } finally {
        bar.stop();
      }
    });
}
