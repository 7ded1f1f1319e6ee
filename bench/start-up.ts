/**
 * Start-up of the everyday commands (issue 25), as a user runs them: `node bin/maskface.js ...` in a
 * fresh process each time, on the built JavaScript (dist/, built first).
 * Each command runs RUNS times: the median wall time and the largest peak resident memory (from
 * /usr/bin/time, or /proc for serve). Targets on the 2-core machine: --help < 1 s, identify < 4 s,
 * enroll of one photo < 6 s, serve answering /health < 10 s.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const RUNS = 3;
const PRESS = resolve('../shared/datasets/media/press');
const TIME = '/usr/bin/time';
/** Longest wait for `serve` to answer /health, ms. */
const SERVE_LIMIT_MS = 120_000;

interface Figure { readonly label: string; readonly target: number; readonly seconds: number[]; readonly peakMb: number[] }

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** One run of the CLI: wall seconds and peak RSS in MB (NaN without /usr/bin/time). */
function timeCli(args: readonly string[]): { seconds: number; peakMb: number } {
  const withTime = existsSync(TIME);
  const command = withTime ? TIME : process.execPath;
  const argv = withTime ? ['-f', 'MAXRSS_KB=%M', process.execPath, 'bin/maskface.js', ...args] : ['bin/maskface.js', ...args];
  const started = performance.now();
  const run = spawnSync(command, argv, { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`maskface ${args.join(' ')} failed: ${run.stderr}`);
  const kb = Number(/MAXRSS_KB=(\d+)/.exec(run.stderr)?.[1] ?? NaN);
  return { seconds, peakMb: kb / 1024 };
}

/** `serve` from spawn until GET /health answers 200; peak RSS read from /proc before it is stopped. */
async function timeServe(gallery: string): Promise<{ seconds: number; peakMb: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/maskface.js', 'serve', '--gallery', gallery, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((done, fail) => {
      let out = '';
      const timer = setTimeout(() => fail(new Error(`serve did not listen within ${SERVE_LIMIT_MS} ms: ${out}`)), SERVE_LIMIT_MS);
      child.stdout.on('data', (chunk: Buffer) => {
        out += String(chunk);
        const m = /listening on (http:\/\/\S+?)\s/.exec(out);
        if (m?.[1] !== undefined) { clearTimeout(timer); done(m[1]); }
      });
      child.on('exit', (code) => fail(new Error(`serve exited with ${code}: ${out}`)));
    });
    while ((await fetch(`${url}/health`).catch(() => undefined))?.status !== 200) await new Promise((r) => setTimeout(r, 50));
    const seconds = (performance.now() - started) / 1000;
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
    return { seconds, peakMb: Number(hwm ?? NaN) / 1024 };
  } finally {
    child.kill('SIGTERM');
  }
}

function ensureBuild(): void {
  // bin/maskface.js runs dist/ only when it is newer than src/; otherwise the figures would be tsx's.
  console.log('building dist/ (npm run build) so that the figures are the built JavaScript\'s');
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build failed');
}

async function main(): Promise<void> {
  if (!existsSync(PRESS)) {
    console.log(`skipped: needs ${PRESS} (the press photos)`);
    return;
  }
  ensureBuild();
  const dir = mkdtempSync(join(tmpdir(), 'maskface-start-up-'));
  try {
    const gallery = join(dir, 'press.db');
    timeCli(['enroll', gallery, 'Joe Biden', join(PRESS, 'biden.jpg')]);
    timeCli(['enroll', gallery, 'Barack Obama', join(PRESS, 'obama.jpg')]);
    const figures: Figure[] = [];
    const measure = async (label: string, target: number, once: (i: number) => Promise<{ seconds: number; peakMb: number }> | { seconds: number; peakMb: number }) => {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await once(i));
      figures.push({ label, target, seconds: runs.map((r) => r.seconds), peakMb: runs.map((r) => r.peakMb) });
    };
    await measure('maskface --help', 1, () => timeCli(['--help']));
    await measure('maskface people <gallery>', 1, () => timeCli(['people', gallery]));
    await measure('maskface identify <gallery> biden.jpg (1 face)', 4, () => timeCli(['identify', gallery, join(PRESS, 'biden.jpg')]));
    await measure('maskface identify <gallery> obama_and_biden.jpg (3 faces)', 4, () => timeCli(['identify', gallery, join(PRESS, 'obama_and_biden.jpg')]));
    await measure('maskface enroll <new gallery> <name> biden.jpg', 6, (i) => timeCli(['enroll', join(dir, `new-${i}.db`), 'Joe Biden', join(PRESS, 'biden.jpg')]));
    await measure('maskface enroll ... --no-synthetic-masks', 6, (i) => timeCli(['enroll', join(dir, `plain-${i}.db`), 'Joe Biden', join(PRESS, 'biden.jpg'), '--no-synthetic-masks']));
    await measure('maskface serve, until GET /health answers', 10, () => timeServe(gallery));
    console.log(`\n| command | median of ${RUNS} (s) | runs (s) | target (s) | peak memory (MB, largest run) |`);
    console.log('|---|---|---|---|---|');
    for (const f of figures) {
      const m = median(f.seconds);
      console.log(`| ${f.label} | ${m.toFixed(2)}${m <= f.target ? '' : ' (over)'} | ${f.seconds.map((s) => s.toFixed(2)).join(', ')} | < ${f.target} | ${Math.max(...f.peakMb).toFixed(0)} |`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
