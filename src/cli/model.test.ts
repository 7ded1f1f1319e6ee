import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import { register } from './model.js';

async function summary(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  register(program);
  const lines: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (line: string) => lines.push(line);
  console.error = () => undefined;
  try {
    await program.parseAsync(['model', 'summary', ...args], { from: 'user' });
  } finally {
    console.log = log;
    console.error = error;
  }
  return lines.join('\n');
}

test('maskface model summary prints the paper\'s frozen and retrained counts', async () => {
  const text = await summary(['--classes', '30']);
  assert.match(text, /^block1_conv1 /m);
  assert.match(text, /vgg16_stem: 0 trainable, 1,735,488 frozen/);
  assert.match(text, /vgg16_trunk: 12,979,200 trainable, 0 frozen/);
  assert.match(text, /head: 1,591,838 trainable, 1,024 frozen/);
});

test('maskface model summary --backbone dlib-resnet34 shows the head on 128-D vectors', async () => {
  const text = await summary(['--classes', '4', '--backbone', 'dlib-resnet34']);
  assert.doesNotMatch(text, /block1_conv1/);
  assert.match(text, /head: 1,184,516 trainable, 256 frozen/);
});
