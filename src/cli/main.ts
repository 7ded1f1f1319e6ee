/**
 * The `maskface` command: one file per sub-command under src/cli/, each exporting a
 * `register(program)` that adds itself. This file loads only the command that runs (commands.ts)
 * and turns every error into one line (report-error.ts).
 */
import { Command, CommanderError } from 'commander';
import { COMMANDS, type LazyCommand } from './commands.js';
import { exitWithError } from './report-error.js';

function baseProgram(): Command {
  return new Command('maskface')
    .description('Recognise people with or without a face mask (VGG16 transfer learning and face backbones).')
    .version('0.1.0')
    .showHelpAfterError();
}

/** The program with every command loaded (tests, the demo): slow, since it imports everything. */
export async function buildProgram(): Promise<Command> {
  const program = baseProgram();
  for (const command of COMMANDS) (await command.load()).register(program);
  return program;
}

/**
 * The program for one run: the named command's module only, or, when the arguments name none
 * (`--help`, a typo), every command as a name and a summary, which loads nothing.
 */
export async function programFor(args: readonly string[]): Promise<Command> {
  const program = baseProgram();
  const first = args[0] === 'help' ? args[1] : args[0];
  const named: LazyCommand | undefined = COMMANDS.find((c) => c.name === first);
  if (named !== undefined) {
    (await named.load()).register(program);
    return program;
  }
  for (const command of COMMANDS) program.command(command.name).summary(command.summary);
  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  // Before any model module loads: TensorFlow.js's wasm backend installs its own handler, which
  // rethrows and exits with status 7 after printing a minified line of its source.
  process.on('uncaughtException', exitWithError);
  process.on('unhandledRejection', exitWithError);
  try {
    const program = (await programFor(argv.slice(2))).exitOverride();
    await program.parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode);
    exitWithError(err);
  }
}
