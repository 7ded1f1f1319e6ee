import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_K, DEFAULT_SEED, DEFAULT_SMALL_CLASS } from '../balance/index.js';
import { balanceFlags } from './balance-options.js';
import { buildProgram } from './main.js';

const BALANCING_COMMANDS = ['balance', 'train', 'experiment'];

test('balance, train and experiment take the same --seed, --k and --small-class, with today\'s defaults', async () => {
  const program = await buildProgram();
  const describe = (name: string) => {
    const command = program.commands.find((c) => c.name() === name);
    assert.ok(command, name);
    return [['--seed', '7'], ['--k', '3'], ['--small-class', 'shrink']].map(([flag, sample]) => {
      const option = command.options.find((o) => o.long === flag);
      assert.ok(option, `${name} has no ${flag}`);
      return { flag, defaultValue: option.defaultValue as unknown, choices: option.argChoices, parsed: option.parseArg?.(sample as string, undefined) as unknown };
    });
  };
  const [first, ...rest] = BALANCING_COMMANDS.map(describe);
  for (const other of rest) assert.deepEqual(other, first);
  assert.deepEqual(first?.map((o) => o.defaultValue), [DEFAULT_SEED, DEFAULT_K, DEFAULT_SMALL_CLASS]);
  assert.deepEqual([DEFAULT_SEED, DEFAULT_K, DEFAULT_SMALL_CLASS], [42, 5, 'error']);
});

test('a bad balancing flag is named, with the command\'s help', async () => {
  assert.deepEqual(balanceFlags('train', { seed: 42, k: 3, smallClass: 'shrink' }), { seed: 42, k: 3, smallClass: 'shrink' });
  assert.throws(() => balanceFlags('train', { seed: 42, k: 0, smallClass: 'error' }), (err: Error) => /^train: --k 0: .*See maskface train --help\.$/.test(err.message));
  const k = (await buildProgram()).commands.find((c) => c.name() === 'experiment')?.options.find((o) => o.long === '--k');
  assert.throws(() => k?.parseArg?.('2.5', undefined), /--k: expected a whole number, received "2.5"/);
});
