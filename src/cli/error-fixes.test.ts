/**
 * Every command-line option that an error message names as its fix exists on the command that can
 * raise the message (issue 17: SMOTE's error said `--small-class shrink`, which `train` did not have).
 * The messages are read from the source (testing/message-options.ts); REACH says which commands
 * can raise each file's messages, and is itself checked: a new file whose errors name an option
 * fails until it has an entry, and an entry must name commands whose modules import the file.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { Command } from 'commander';
import { buildProgram } from './main.js';
import { attributeOptions, catalogueHelpers, importClosure, messageOptions, sourceFiles, type MessageOptions } from './testing/message-options.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The commands that can raise the option-naming messages of each file: the ones whose input reaches
 * the failing check, not every command that imports the file (recognize, evaluate and serve import
 * SMOTE through the model folder code, but never balance).
 */
const REACH: Readonly<Record<string, readonly string[]>> = {
  'src/balance/smote.ts': ['balance', 'train', 'experiment'],
  'src/balance/write.ts': ['balance'],
  'src/cli/balance-options.ts': ['balance', 'train', 'experiment'],
  'src/cli/balance.ts': ['balance'],
  'src/cli/dataset.ts': ['dataset prepare'],
  'src/cli/detect.ts': ['detect'],
  'src/cli/enroll-action.ts': ['enroll'],
  'src/cli/experiment.ts': ['experiment'],
  'src/cli/face-filter-options.ts': ['dataset prepare'],
  'src/cli/distill.ts': ['distill'],
  'src/train/distill/run.ts': ['distill'],
  'src/cli/identify-action.ts': ['identify'],
  'src/cli/mask.ts': ['mask'],
  'src/cli/near-duplicate-options.ts': ['dataset prepare', 'experiment'],
  'src/cli/model.ts': ['model summary'],
  'src/cli/review.ts': ['review'],
  'src/cli/serve-action.ts': ['serve'],
  'src/cli/train.ts': ['train'],
  // Only with an explicit --layout rmfd; experiment and demo scan without one.
  'src/data/layout.ts': ['dataset scan', 'dataset prepare', 'mask'],
  // experiment prepares its arms with fixed size, fraction, folders and people found in the data.
  'src/data/prepare.ts': ['dataset prepare'],
  'src/eval/experiment-options.ts': ['experiment'],
  'src/eval/experiment-record.ts': ['experiment'],
  'src/eval/experiment.ts': ['experiment'],
  'src/eval/simulate-masks.ts': ['experiment'],
  // faceFilter's score comes from dataset prepare's --face-threshold only.
  'src/face/face-filter.ts': ['dataset prepare'],
  // experiment masks into its own report folder, never the input.
  'src/mask/mask-dataset.ts': ['mask'],
  // The cohort calibration (enroll, people, serve) uses a fixed false-accept rate.
  // queueEnrolment's messages name `enroll --queue` itself; --face-crops is a queue recognize option.
  'src/queue/enqueue.ts': ['queue recognize'],
  'src/queue/queue-connection.ts': ['queue recognize', 'queue status', 'queue results', 'queue retry', 'queue clean', 'worker', 'enroll'],
  'src/recognize/calibrate.ts': ['calibrate'],
  'src/recognize/recognize-media.ts': ['recognize'],
  'src/recognize/recognizer.ts': ['recognize', 'identify', 'serve'],
  'src/server/config.ts': ['serve'],
  'src/server/model-service.ts': ['serve'],
  'src/server/service.ts': ['serve'],
  'src/train/fit-backbone/fit.ts': ['fit-backbone'],
  'src/train/fit-backbone/photos.ts': ['fit-backbone'],
  // experiment trains the head with no background, augmentation or resume, on its own prepared data.
  'src/train/lda-model.ts': ['train'],
  'src/train/train-model.ts': ['train'],
};

/** Each command's path (`dataset prepare`) and the long and short flags it accepts. */
async function commandOptions(): Promise<Map<string, Set<string>>> {
  const found = new Map<string, Set<string>>();
  const walk = (command: Command, path: readonly string[]): void => {
    for (const sub of command.commands) {
      const subPath = [...path, sub.name()];
      const flags = sub.options.flatMap((o) => [o.long, o.short]).filter((f): f is string => f !== undefined);
      found.set(subPath.join(' '), new Set([...flags, '--help']));
      walk(sub, subPath);
    }
  };
  walk(await buildProgram(), []);
  return found;
}

const COMMANDS = await commandOptions();
const HELPERS = catalogueHelpers(readFileSync(`${ROOT}/src/errors.ts`, 'utf8'));
const MESSAGES: readonly MessageOptions[] = sourceFiles(ROOT).flatMap((file) => messageOptions(file, readFileSync(`${ROOT}/${file}`, 'utf8'), HELPERS, [...COMMANDS.keys()]));
const where = (m: MessageOptions): string => `${m.file}:${m.line} "${m.text}"`;

test('the reader finds options in messages, constants and quoted command lines, and skips other programs', () => {
  const source = [
    "const FIX = 'or use `maskface balance --k 2`.';",
    "const bad = (x: string) => new MaskfaceError('MF_INVALID_ARGUMENT', `${x}: give --alpha. ${FIX}`);",
    "export function f(): void { throw bad('a'); }",
    "export function g(): void { throw invalidArgument('--beta', 'a number', 1); }",
    "export function h(): void { throw new MaskfaceError('MF_BAD_WEIGHTS', 'rebuild with `node --import tsx make.ts`, or `maskface dataset prepare <dir> --out x`.'); }",
    "const help = '--not-a-message';",
  ].join('\n');
  const found = messageOptions('x.ts', source, HELPERS, ['balance', 'dataset', 'dataset prepare']);
  assert.deepEqual(found.flatMap((m) => m.options).sort(), ['--alpha', '--beta']);
  assert.deepEqual(found.flatMap((m) => m.quoted).map((q) => `${q.command} ${q.option}`).sort(), ['balance --k', 'dataset prepare --out']);
  assert.deepEqual(attributeOptions('Run `maskface nope --x`.', ['balance']).unknownCommands, ['maskface nope --x']);
  assert.deepEqual(attributeOptions('Lower k (`--k 3`) or see `maskface balance --help`.', ['balance']), { options: ['--k'], quoted: [{ command: 'balance', option: '--help' }], unknownCommands: [] });
});

test('the SMOTE error names --k and --small-class, each on a line the reader sees', () => {
  const smote = MESSAGES.filter((m) => m.file === 'src/balance/smote.ts').flatMap((m) => m.options);
  for (const option of ['--k', '--small-class']) assert.ok(smote.includes(option), `${option} not found in src/balance/smote.ts's messages`);
});

test('every file whose errors name an option as a fix says which commands raise them, and no entry is stale', () => {
  const naming = new Set(MESSAGES.filter((m) => m.options.length > 0).map((m) => m.file));
  const missing = [...naming].filter((file) => REACH[file] === undefined).map((file) => `${file}: ${MESSAGES.filter((m) => m.file === file).map(where).join('; ')}`);
  assert.deepEqual(missing, [], 'add these files to REACH with the commands that can raise their messages');
  assert.deepEqual(Object.keys(REACH).filter((file) => !naming.has(file)), [], 'these REACH entries name no option any more: remove them');
});

test('each command in REACH exists and its module imports the file', () => {
  const wrong: string[] = [];
  const closures = new Map<string, Set<string>>();
  const imports = (module: string): Set<string> => closures.get(module) ?? closures.set(module, importClosure(ROOT, module)).get(module)!;
  for (const [file, commands] of Object.entries(REACH)) {
    for (const command of commands) {
      const module = `src/cli/${command.split(' ')[0]}.ts`;
      if (!COMMANDS.has(command)) wrong.push(`${file}: no command "maskface ${command}"`);
      else if (!existsSync(`${ROOT}/${module}`) || !imports(module).has(file)) wrong.push(`${file}: ${module} does not import it`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('every option an error names as a fix is accepted by each command that can raise it', () => {
  const rejected: string[] = [];
  for (const m of MESSAGES) {
    for (const command of REACH[m.file] ?? []) {
      for (const option of m.options) if (COMMANDS.get(command)?.has(option) !== true) rejected.push(`maskface ${command} has no ${option}: ${where(m)}`);
    }
    for (const { command, option } of m.quoted) if (COMMANDS.get(command)?.has(option) !== true) rejected.push(`maskface ${command} has no ${option}: ${where(m)}`);
    for (const line of m.unknownCommands) rejected.push(`no such command in \`${line}\`: ${where(m)}`);
  }
  assert.deepEqual(rejected, []);
});
