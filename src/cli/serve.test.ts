import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import { register } from './serve.js';

/** These refusals happen before any model is loaded or port opened, so they cost milliseconds. */
const refused = async (args: string[], pattern: RegExp) => {
  const program = new Command().exitOverride();
  register(program);
  await assert.rejects(program.parseAsync(['serve', ...args], { from: 'user' }), (err: { code?: string; message: string }) => {
    assert.equal(err.code, 'MF_INVALID_ARGUMENT');
    assert.match(err.message, pattern);
    return true;
  });
};

test('maskface serve --model refuses --gallery and the gallery-only flags', async () => {
  await refused(['--model', 'model', '--gallery', 'people.db'], /--model and --gallery exclude each other/);
  await refused(['--model', 'model', '--embedder', 'dlib-resnet34'], /--embedder is for galleries/);
  await refused(['--model', 'model', '--no-synthetic-masks'], /--no-synthetic-masks is for galleries/);
});
