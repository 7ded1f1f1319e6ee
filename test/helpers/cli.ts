/** For tests only: runs the real `maskface` command (bin/maskface.js) in a child process. */
import { spawnSync } from 'node:child_process';

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; nodeArgs?: readonly string[] } = {}): CliRun {
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), 'bin/maskface.js', ...args], { encoding: 'utf8', env: { ...process.env, ...options.env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Largest output of a failed command, in bytes: one line a person reads (issue 25 saw 39 KB). */
export const MAX_ERROR_OUTPUT_BYTES = 2048;
