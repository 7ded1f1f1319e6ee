#!/usr/bin/env node
// The `maskface` command. It runs the JavaScript that `npm run build` compiles into dist/ (npm
// install and npm pack build it). In a checkout whose src/ changed after the last build, it runs the
// TypeScript sources through tsx instead, which is correct but starts ~2-3 s slower (README,
// "Start-up"); MASKFACE_SOURCE=1 forces the sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const built = new URL('dist/BUILT', root);
const sources = new URL('src/', root);

/** Whether a file under `dir` was modified after `limit` (ms); stops at the first one. */
function newerThan(dir, limit) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory() ? newerThan(path, limit) : statSync(path).mtimeMs > limit) return true;
  }
  return false;
}

function useBuild() {
  if (process.env.MASKFACE_SOURCE === '1' || !existsSync(built)) return false;
  // A package installed from npm ships dist/ only; a checkout has both.
  if (!existsSync(sources)) return true;
  return !newerThan(fileURLToPath(sources).replace(/\/$/, ''), statSync(built).mtimeMs);
}

let main;
if (useBuild()) {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  if (process.stderr.isTTY && process.env.MASKFACE_SOURCE !== '1') {
    process.stderr.write('maskface: dist/ is missing or older than src/, running the TypeScript sources (slower start; `npm run build` fixes it)\n');
  }
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
await main(process.argv);
