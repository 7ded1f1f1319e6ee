/**
 * Issue 25, point 7: `queue recognize --queue X` names the worker command that takes its jobs, and
 * npm runs without warnings about this project's configuration.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { workerCommand } from '../../src/cli/queue.js';
import { DEFAULT_QUEUE_NAME, DEFAULT_REDIS_URL } from '../../src/queue/queue-connection.js';
import { runCli } from '../helpers/cli.js';

const PHOTO = resolve('test/fixtures/rmfd-mini/AFDB_masked_face_dataset/caizhuoyan/0_0_0.jpg');
const dir = mkdtempSync(join(tmpdir(), 'maskface-small-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const redisUp = spawnSync('redis-cli', ['ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG';

test('the suggested worker command carries the queue and Redis options that differ from the defaults', () => {
  assert.equal(workerCommand({ redis: DEFAULT_REDIS_URL, queue: DEFAULT_QUEUE_NAME }), 'maskface worker');
  assert.equal(workerCommand({ redis: DEFAULT_REDIS_URL, queue: 'night jobs' }), "maskface worker --queue 'night jobs'");
  assert.equal(workerCommand({ redis: 'redis://10.0.0.2:6380', queue: 'x' }), 'maskface worker --redis redis://10.0.0.2:6380 --queue x');
});

test('queue recognize --queue X suggests `maskface worker --queue X`', { skip: !redisUp && 'needs redis-server (.ci/start-services)' }, () => {
  const queue = `maskface-test-${process.pid}`;
  try {
    const run = runCli(['queue', 'recognize', join(dir, 'g.db'), PHOTO, '--queue', queue, '--out', join(dir, 'results')]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`run \`maskface worker --queue ${queue}\``));
  } finally {
    runCli(['queue', 'clean', '--queue', queue, '--force']);
  }
});

test('npm prints no warning about the project (.npmrc keys, engines) on a run', () => {
  const run = spawnSync('npm', ['pkg', 'get', 'name'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /npm warn/i);
});
