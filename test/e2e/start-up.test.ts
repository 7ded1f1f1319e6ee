/**
 * Issue 25, point 1: `maskface --help` loads no command, and a command loads only its own module.
 * The modules each process resolves are recorded by a loader hook (test/helpers/record-imports.mjs).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { COMMANDS } from '../../src/cli/commands.js';
import { buildProgram } from '../../src/cli/main.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'maskface-start-up-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Packages that cost seconds or hundreds of MB to load: no help text may need them. */
const HEAVY = ['@tensorflow', 'onnxruntime', 'sharp', 'bullmq', 'ioredis', '@napi-rs/canvas', 'fastify', 'better-sqlite3', 'pg', '@vladmandic', 'h5wasm'];

function importsOf(args: string[], name: string): string[] {
  const log = join(dir, `${name}.log`);
  const run = runCli(args, { nodeArgs: ['--import', './test/helpers/record-imports.mjs'], env: { MASKFACE_IMPORT_LOG: log } });
  assert.equal(run.status, 0, run.stderr);
  return readFileSync(log, 'utf8').split('\n').filter((l) => l !== '');
}

const heavyIn = (urls: readonly string[]): string[] => urls.filter((u) => HEAVY.some((h) => u.includes(`/node_modules/${h}`)));
const commandModules = (urls: readonly string[]): string[] =>
  [...new Set(urls.map((u) => /\/(?:src|dist)\/cli\/([a-z-]+)\.(?:ts|js)$/.exec(u)?.[1]).filter((n): n is string => n !== undefined && COMMANDS.some((c) => c.name === n)))];

test('maskface --help lists every command and loads none of them, nor any heavy package', () => {
  const urls = importsOf(['--help'], 'help');
  assert.deepEqual(heavyIn(urls), []);
  assert.deepEqual(commandModules(urls), []);
  const help = runCli(['--help']).stdout;
  for (const command of COMMANDS) assert.match(help, new RegExp(`^  ${command.name} `, 'm'), command.name);
});

test('maskface people --help loads the people command only, not TensorFlow.js, onnxruntime, sharp or skia', () => {
  const urls = importsOf(['people', '--help'], 'people');
  assert.deepEqual(commandModules(urls), ['people']);
  assert.deepEqual(urls.filter((u) => ['@tensorflow', 'onnxruntime', 'sharp', '@napi-rs/canvas'].some((h) => u.includes(`/node_modules/${h}`))), []);
});

for (const command of ['identify', 'enroll', 'recognize', 'serve']) {
  test(`maskface ${command} --help loads none of the packages ${command} runs on, nor zod, nor any model module`, () => {
    const urls = importsOf([command, '--help'], command);
    assert.deepEqual(commandModules(urls), [command]);
    assert.deepEqual(heavyIn(urls), []);
    // Not even zod (about 225 modules): the flags are checked by the command's action module, loaded to run.
    assert.deepEqual(urls.filter((u) => u.includes('/node_modules/zod/')), []);
    // A network's constants.js (its name, input size) is plain data; its other modules load weights and engines.
    const modelModules = urls.filter((u) => /\/(?:src|dist)\/(?:models|engine|face\/(?!detector-kinds))/.test(u) && !/\/models\/[a-z0-9-]+\/constants\.[jt]s$/.test(u));
    assert.deepEqual(modelModules, []);
  });
}

test('every entry of the command table loads a module that registers that command', async () => {
  const program = await buildProgram();
  assert.deepEqual(program.commands.map((c) => c.name()), COMMANDS.map((c) => c.name));
});

test('an unknown command is refused with exit 1 and the list of commands, loading none', () => {
  const run = runCli(['identfy']);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /unknown command 'identfy'/);
  assert.match(run.stderr, /identify/);
});
