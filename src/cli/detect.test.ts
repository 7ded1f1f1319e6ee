import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { mock, test } from 'node:test';
import { Command } from 'commander';
import { decodeImage } from '../image/io.js';
import { makeRmfd, tempDir, writeFileMkdir } from '../../test/helpers/synthetic-dataset.js';
import { register as registerDataset } from './dataset.js';
import { register as registerDetect } from './detect.js';

const DATASETS = resolve('../shared/datasets');

function program(): Command {
  const p = new Command('maskface').exitOverride();
  registerDetect(p);
  registerDataset(p);
  return p;
}

async function run(args: string[]): Promise<string> {
  const log = mock.method(console, 'log', () => undefined);
  try {
    await program().parseAsync(['node', 'maskface', ...args]);
    return log.mock.calls.map((c) => c.arguments.join(' ')).join('\n');
  } finally {
    log.mock.restore();
  }
}

test('detect --json prints every photo of a folder with its faces, and --out writes drawn copies', async () => {
  const dir = await tempDir();
  await copyFile(join(DATASETS, 'media/tv/bbt3.jpg'), join(dir, 'bbt3.jpg'));
  await copyFile(join(DATASETS, 'media/press/alex-lacamoire.png'), join(dir, 'alex.png'));
  const out = join(dir, 'drawn');
  const photos = JSON.parse(await run(['detect', dir, '--json', '--out', out, '--min-score', '0.95', '--landmarks'])) as { file: string; faces: { landmarks5: unknown[]; landmarks68: unknown[] }[] }[];
  assert.deepEqual(photos.map((p) => [p.file.split('/').pop(), p.faces.length]), [['alex.png', 1], ['bbt3.jpg', 5]]);
  assert.equal(photos[0]!.faces[0]!.landmarks68.length, 68);
  const drawn = await decodeImage(join(out, 'bbt3.png'));
  assert.deepEqual([drawn.width, drawn.height], [594, 383]);
  const text = await run(['detect', join(dir, 'alex.png'), '--detector', 'retinaface', '--aligned', join(dir, 'faces'), '--align-size', '96']);
  assert.match(text, /alex\.png: 1 face \(aligned: 1 crops\)\n {2}#1 score 0\.\d{3} {2}box x=\d+/);
  const crop = await decodeImage(join(dir, 'faces', 'alex-face1.png'));
  assert.deepEqual([crop.width, crop.height], [96, 96]);
});

test('detect refuses a folder without photos, naming it', async () => {
  const dir = await tempDir();
  await assert.rejects(run(['detect', dir]), (err: Error & { code?: string }) => err.code === 'MF_EMPTY_DATASET' && err.message.includes(dir));
});

test('dataset prepare --detector leaves out an unmasked photo without a face, with the reason in the report', async () => {
  const root = await tempDir();
  // Two people: real LFW faces as unmasked photos, plus one plain-colour photo for the first person.
  await makeRmfd(root, { anna: [1, 1], bo: [0, 1] });
  for (const [person, lfw] of [['anna', 'Colin_Powell'], ['bo', 'George_W_Bush']] as const) {
    for (const n of ['0001', '0002']) await writeFileMkdir(join(root, 'AFDB_face_dataset', person, `${lfw}_${n}.jpg`), await readFile(join(DATASETS, 'lfw', lfw, `${lfw}_${n}.jpg`)));
  }
  const out = join(root, 'prepared');
  await run(['dataset', 'prepare', root, '--out', out, '--min-unmasked', '2', '--min-masked', '1', '--detector', 'mtcnn', '--crop-to-face', '--json']);
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as { excluded: { source: string; reason: string }[] };
  const faceless = report.excluded.filter((e) => e.reason.startsWith('face check (mtcnn)'));
  assert.deepEqual(faceless.map((e) => e.source.split('/').slice(-2).join('/')), ['anna/0.png']);
  assert.match(faceless[0]!.reason, /no face found at score >= 0\.7/);
  assert.ok(existsSync(join(out, 'AFDB_face_dataset/anna/Colin_Powell_0001.png')));
  assert.ok(existsSync(join(out, 'AFDB_masked_face_dataset/bo/m0.png')), 'masked photos are kept unchecked');
});
