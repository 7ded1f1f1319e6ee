/**
 * `maskface fit-backbone` as a user runs it, on 5 real RMFD people (3 to learn from, 2 to score
 * epochs), 3 photos per person and group, 1 synthetic mask per unmasked photo, 2 epochs; then
 * `--resume` to 3 epochs, and the `mobileface-tuned` embedder reading the layer it wrote.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { load, readTunedHead } from '../../src/models/mobileface-tuned/index.js';
import { RMFD, samplePeople, skipWithoutRmfd } from '../helpers/rmfd-sample.js';

/** Float32 rounding of a 256-D sum of squares. */
const UNIT_LENGTH_TOLERANCE = 1e-5;

const dir = mkdtempSync(join(tmpdir(), 'maskface-fit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function maskface(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  return spawnSync(process.execPath, ['bin/maskface.js', ...args], { encoding: 'utf8' });
}

test('fit-backbone trains, keeps the best epoch, resumes, and its layer is an embedder', { skip: skipWithoutRmfd }, async () => {
  const people = samplePeople().slice(0, 5);
  writeFileSync(join(dir, 'train.txt'), `# learn\n${people.slice(0, 3).join('\n')}\n`);
  writeFileSync(join(dir, 'dev.txt'), `${people.slice(3).join('\n')}\n`);
  const out = join(dir, 'fit');
  const common = [RMFD, '--people', join(dir, 'train.txt'), '--dev-people', join(dir, 'dev.txt'), '--out', out, '--masks', '1', '--max-per-person', '3', '--batch-size', '16'];
  const first = maskface('fit-backbone', ...common, '--epochs', '2', '--json');
  assert.equal(first.status, 0, first.stderr);
  const result = JSON.parse(first.stdout) as { epoch: number; dev: { masked: number; unmasked: number }; before: { masked: number } };
  assert.ok(result.epoch >= 1 && result.epoch <= 2);
  for (const file of ['head.bin', 'checkpoint-last.bin', 'history.json', 'fit.json']) assert.ok(existsSync(join(out, file)), file);
  assert.equal((JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as unknown[]).length, 2);

  const resumed = maskface('fit-backbone', ...common, '--epochs', '3', '--resume', '--json');
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.equal((JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as unknown[]).length, 3, 'the resumed run adds epoch 3 only');

  const { meta } = await readTunedHead(join(out, 'head.bin'));
  assert.equal(meta.format, 'maskface-mobileface-head');
  const embedder = await load({ headPath: join(out, 'head.bin') });
  try {
    const side = 112;
    const vector = await embedder.embed({ width: side, height: side, data: new Uint8Array(side * side * 3).fill(128) });
    assert.equal(vector.length, 256);
    assert.ok(Math.abs(Math.hypot(...vector) - 1) <= UNIT_LENGTH_TOLERANCE);
  } finally {
    embedder.dispose();
  }

  const both = maskface('fit-backbone', RMFD, '--people', join(dir, 'train.txt'), '--dev-people', join(dir, 'train.txt'), '--out', join(dir, 'bad'));
  assert.notEqual(both.status, 0);
  assert.match(both.stderr, /both for training \(--people\) and for development \(--dev-people\)/);
  const noCheckpoint = maskface('fit-backbone', ...common, '--out', join(dir, 'empty'), '--resume');
  assert.notEqual(noCheckpoint.status, 0);
  assert.match(noCheckpoint.stderr, /checkpoint-last\.bin does not exist/);
});
