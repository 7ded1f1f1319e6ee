import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, mock, test } from 'node:test';
import { Command } from 'commander';
import { decodeImage } from '../image/io.js';
import { register as registerMask } from './mask.js';

const LFW = resolve('../shared/datasets/lfw');
const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<string> {
  const program = new Command('maskface').exitOverride();
  registerMask(program);
  const log = mock.method(console, 'log', () => undefined);
  try {
    await program.parseAsync(['node', 'maskface', ...args]);
    return log.mock.calls.map((c) => c.arguments.join(' ')).join('\n');
  } finally {
    log.mock.restore();
  }
}

test('mask writes the masked dataset, prints the summary and a preview sheet', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'maskface-cli-mask-'));
  dirs.push(dir);
  await mkdir(join(dir, 'in/AFDB_face_dataset/Jackie_Chan'), { recursive: true });
  await copyFile(join(LFW, 'Jackie_Chan/Jackie_Chan_0002.jpg'), join(dir, 'in/AFDB_face_dataset/Jackie_Chan/Jackie_Chan_0002.jpg'));
  const text = await run(['mask', join(dir, 'in'), '--out', join(dir, 'out'), '--type', 'kn95', '--color', '#202020', '--preview', join(dir, 'sheet.png')]);
  assert.match(text, /1 people, 1 unmasked photos: 1 masked, 0 without a face found, 0 unreadable/);
  assert.deepEqual(await readdir(join(dir, 'out/AFDB_masked_face_dataset/Jackie_Chan')), ['Jackie_Chan_0002_kn95.jpg']);
  const sheet = await decodeImage(join(dir, 'sheet.png'));
  assert.ok(sheet.width > 0 && sheet.height > 0);
});

test('mask refuses a bad seed or colour before loading anything, saying how to fix it', async () => {
  const isInvalid = (err: Error & { code?: string }): boolean => err.code === 'MF_INVALID_ARGUMENT' && /--type cloth --color black/.test(err.message);
  await assert.rejects(run(['mask', '.', '--out', '/tmp/never', '--seed', 'abc']), isInvalid);
  await assert.rejects(run(['mask', '.', '--out', '/tmp/never', '--color', 'no-such-colour']), (err: Error & { code?: string }) => err.code === 'MF_INVALID_ARGUMENT');
});
