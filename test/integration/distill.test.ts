/**
 * `maskface distill` as a user runs it, on the shipped 3-person RMFD fixture (2 people to learn
 * from, 1 to score with), 1 synthetic mask per photo, batches of 4, 1 epoch; then `--resume` to 2
 * epochs, and the student file read by the `onnx:` embedder like any ArcFace model.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { load as loadArcface } from '../../src/models/arcface-mobilefacenet/index.js';
import { load as loadOnnx } from '../../src/models/onnx-arcface/index.js';
import { decodeImage } from '../../src/image/io.js';
import { dot, unit } from '../../src/methods/vectors.js';

const FIXTURE = 'test/fixtures/rmfd-mini';
/** A few Adam steps at a warm-up learning rate move the student little from the teacher it copies. */
const MIN_COSINE_TO_TEACHER = 0.9;

const dir = mkdtempSync(join(tmpdir(), 'maskface-distill-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function maskface(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  return spawnSync(process.execPath, ['bin/maskface.js', ...args], { encoding: 'utf8' });
}

test('distill trains a student, checkpoints, resumes, and writes an ONNX file the onnx: embedder loads', async () => {
  writeFileSync(join(dir, 'dev.txt'), '# scores checkpoints\nchenhe\n');
  const out = join(dir, 'run');
  const common = [FIXTURE, '--dev-people', join(dir, 'dev.txt'), '--out', out, '--masks', '1', '--batch-size', '4'];
  const first = maskface('distill', ...common, '--epochs', '1', '--json');
  assert.equal(first.status, 0, first.stderr);
  const result = JSON.parse(first.stdout) as { trainPhotos: number; devPhotos: number; history: unknown[]; student: string };
  assert.deepEqual([result.trainPhotos, result.devPhotos, result.history.length], [16, 8, 1]);
  for (const file of ['student.onnx', 'checkpoint-last.bin', 'history.json', 'curves.png', 'distill.json']) assert.ok(existsSync(join(out, file)), file);

  const again = maskface('distill', ...common, '--epochs', '1');
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already holds a distill run.*--resume/);
  const resumed = maskface('distill', ...common, '--epochs', '2', '--resume', '--json');
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.equal((JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as { history: unknown[] }).history.length, 2, 'the resumed run adds epoch 2 only');

  // The student scales its own input (InsightFace's rule: the loader feeds raw pixels) and stays near its teacher.
  const student = await loadOnnx({ modelPath: join(out, 'student.onnx') });
  const teacher = await loadArcface();
  try {
    assert.deepEqual([student.config.mean, student.config.std, student.inputSize, student.dimension], [0, 1, 112, 512]);
    const photo = await decodeImage(readFileSync(join(FIXTURE, 'AFDB_face_dataset/chenhe/0_0_chenhe_0005.jpg')));
    const chip = { width: 112, height: 112, data: resize(photo) };
    const cos = dot(unit(await student.embed(chip)), unit(await teacher.embed(chip)));
    assert.ok(cos > MIN_COSINE_TO_TEACHER, `cosine to the teacher ${cos}`);
  } finally {
    student.dispose();
    teacher.dispose();
  }

  const noCheckpoint = maskface('distill', ...common, '--out', join(dir, 'empty'), '--resume');
  assert.equal(noCheckpoint.status, 1);
  assert.match(noCheckpoint.stderr, /checkpoint-last\.bin does not exist/);
  // A teacher that is no ONNX network is refused before any photo is read.
  const notOnnx = maskface('distill', FIXTURE, '--dev-people', join(dir, 'dev.txt'), '--out', join(dir, 'bad-teacher'), '--from', 'README.md');
  assert.equal(notOnnx.status, 1);
  assert.match(notOnnx.stderr, /README\.md: not a network distill can train.*\[MF_BAD_WEIGHTS\]/);
  assert.doesNotMatch(notOnnx.stderr, /faces/);
  const overlap = maskface('distill', FIXTURE, '--dev-people', join(dir, 'dev.txt'), '--exclude', join(dir, 'dev.txt'), '--out', join(dir, 'bad'));
  assert.equal(overlap.status, 1);
  assert.match(overlap.stderr, /both --dev-people and --exclude/);
});

/** Nearest-neighbour 112x112 of a photo (the networks only need a face-like input here). */
function resize(image: { width: number; height: number; data: Uint8Array }): Uint8Array {
  const out = new Uint8Array(112 * 112 * 3);
  for (let y = 0; y < 112; y++) {
    for (let x = 0; x < 112; x++) {
      const s = (Math.floor((y * image.height) / 112) * image.width + Math.floor((x * image.width) / 112)) * 3;
      out.set(image.data.subarray(s, s + 3), (y * 112 + x) * 3);
    }
  }
  return out;
}
