// `npm run build` (and npm's `prepare`, so `npm install` in a checkout and `npm pack` run it):
// compiles src/ to JavaScript with type declarations in dist/, and copies beside it every file of
// src/ that is not TypeScript (weights, cohorts, the web page, generated JSON), since the code
// finds them next to itself with `new URL(..., import.meta.url)`. Last, it writes dist/BUILT,
// which bin/maskface.js compares with src/ to tell a stale build.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) {
  console.error('maskface build: tsc failed; dist/ is incomplete (bin/maskface.js runs the sources through tsx meanwhile).');
  process.exit(compiled.status ?? 1);
}

let assets = 0;
const copyAssets = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'testing') copyAssets(path);
    } else if (!entry.name.endsWith('.ts')) {
      const target = join(dist, relative(src, path));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(path, target);
      assets++;
    }
  }
};
copyAssets(src);
writeFileSync(join(dist, 'BUILT'), `${new Date().toISOString()}\n`);
console.log(`maskface build: dist/ compiled from src/, ${assets} asset files copied.`);
