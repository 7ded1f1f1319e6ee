// Run by `npm install` (postinstall): brings the Debian packages maskface uses outside npm.
// ffmpeg decodes and encodes videos; chromium runs the browser tests of the review page and web
// page; libdlib-data holds dlib's 68-point shape predictor; fonts-dejavu-core draws labels.
// As root it installs what is missing with apt-get; otherwise it prints the one line to run.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const NEEDED = [
  { pkg: 'ffmpeg', present: () => has('ffmpeg') },
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { pkg: 'libdlib-data', present: () => existsSync('/usr/share/dlib/shape_predictor_68_face_landmarks.dat') },
  { pkg: 'fonts-dejavu-core', present: () => existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf') },
];

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const missing = NEEDED.filter((n) => !n.present()).map((n) => n.pkg);
if (missing.length === 0 || process.env.MASKFACE_SKIP_APT === '1') process.exit(0);
const line = `apt-get update && apt-get install -y ${missing.join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !has('apt-get')) {
  console.warn(`maskface: some system packages are missing (${missing.join(', ')}). Run as root:\n  ${line}`);
  process.exit(0);
}
console.log(`maskface: installing ${missing.join(', ')} with apt-get`);
try {
  execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`, {
    stdio: 'inherit',
  });
} catch {
  console.warn(`maskface: apt-get failed; run it yourself:\n  ${line}`);
}
