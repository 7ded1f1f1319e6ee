/**
 * One `maskface distill` run in its output folder:
 * - `student.onnx`: the best checkpoint so far as an ONNX file (`--embedder onnx:<it>` loads it);
 * - `checkpoint-last.bin`: weights, Adam's moments and the history, what `--resume` goes on from;
 * - `history.json`, `curves.png` (development masked and unmasked top-1 per epoch), `distill.json`
 *   (the recipe: data, options, seed, times, machine);
 * - `.cache/chips-<key>/`: the aligned and masked chips, made once (keyed by the photo list and masks).
 * Every file is written whole (a temp file, then a rename).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { MaskfaceError } from '../../errors.js';
import { renderTrainingCurves } from '../../eval/plots/training-curves.js';
import { writeFileAtomic } from '../../image/io.js';
import { type ReadModel, readModel } from '../../engine/onnx/read-model.js';
import { buildTrainGraph } from '../../engine/onnx/train-graph.js';
import { CHIP_SIZE, type ChipChunk, type DistillPhoto, makeChipChunks, readChipChunks } from './chips.js';
import { type DistillState, type EpochRecord, distill, readCheckpoint, studentModel, writeCheckpoint } from './distill.js';
import type { DistillOptions } from './options.js';
import { collectDistillPhotos } from './photos.js';

export const STUDENT_FILE = 'student.onnx';
export const CHECKPOINT_FILE = 'checkpoint-last.bin';

export interface DistillRunOptions {
  readonly datasets: readonly string[];
  readonly devPeople: ReadonlySet<string>;
  readonly excludedPeople: ReadonlySet<string>;
  readonly teacherPath: string;
  readonly out: string;
  /** Synthetic masks drawn on each unmasked training photo. */
  readonly masks: number;
  readonly resume: boolean;
  readonly train: DistillOptions;
  readonly onChips?: (what: 'train' | 'dev', done: number, total: number) => void;
  readonly onStep?: (epoch: number, done: number, total: number, loss: number) => void;
  readonly onEpoch?: (record: EpochRecord, isBest: boolean) => void;
  readonly log?: (line: string) => void;
}

export interface DistillRunResult {
  readonly student: string | undefined;
  readonly teacher: { readonly devMasked: number; readonly devUnmasked: number };
  readonly best: DistillState['best'];
  readonly history: readonly EpochRecord[];
  readonly trainPhotos: number;
  readonly devPhotos: number;
}

export function chipKey(photos: readonly DistillPhoto[], masks: number): string {
  const h = createHash('sha256').update(`masks=${masks}\n`);
  for (const p of photos) h.update(`${p.path}\t${p.person}\t${p.masked ? 1 : 0}\n`);
  return h.digest('hex').slice(0, 16);
}

export async function runDistill(o: DistillRunOptions): Promise<DistillRunResult> {
  const checkpointPath = join(o.out, CHECKPOINT_FILE);
  if (o.resume && !existsSync(checkpointPath)) throw new MaskfaceError('MF_INVALID_ARGUMENT', `--resume: ${checkpointPath} does not exist. Start without --resume, or point --out at the folder of the run to continue.`);
  if (!o.resume && existsSync(checkpointPath)) throw new MaskfaceError('MF_INVALID_ARGUMENT', `${o.out} already holds a distill run (${CHECKPOINT_FILE}). Add --resume to go on with it, or choose another --out.`);
  let teacherBytes: Uint8Array;
  try {
    teacherBytes = await readFile(o.teacherPath);
  } catch {
    throw new MaskfaceError('MF_FILE_NOT_FOUND', `${o.teacherPath}: cannot read the teacher network. Give an ONNX file with --from, or leave it out for the shipped arcface-mobilefacenet.`, { file: o.teacherPath });
  }
  let teacher: ReadModel;
  let embeddingSize: number;
  try {
    // Checked before any photo is read: a file that is no ONNX network, or has a layer with no training rule.
    teacher = readModel(teacherBytes);
    embeddingSize = buildTrainGraph(teacher, CHIP_SIZE, 3).embeddingSize;
  } catch (err) {
    throw new MaskfaceError('MF_BAD_WEIGHTS', `${o.teacherPath}: not a network distill can train (${(err as Error).message}). Give an ArcFace-convention ONNX file made of Conv, PRelu, Add and Reshape layers (input [1, 3, 112, 112]) with --from, or leave --from out for the shipped arcface-mobilefacenet.`, { file: o.teacherPath });
  }
  let state: DistillState | undefined;
  if (o.resume) {
    try {
      state = await readCheckpoint(checkpointPath);
    } catch (err) {
      throw new MaskfaceError('MF_INVALID_ARGUMENT', `--resume: ${checkpointPath} is not a whole distill checkpoint (${(err as Error).message}). Start again without --resume in a new --out.`);
    }
  }
  const sets = await collectDistillPhotos(o.datasets, o.devPeople, o.excludedPeople);
  const trainPhotos = sets.train.flat();
  const devPhotos = sets.dev.flat();
  if (trainPhotos.filter((p) => !p.masked).length === 0) throw new MaskfaceError('MF_EMPTY_DATASET', `no unmasked training photos in ${o.datasets.join(', ')} once the development and excluded people are left out. Give folders of face photos (one folder per person, or RMFD's layout).`);
  if (devPhotos.length === 0) throw new MaskfaceError('MF_EMPTY_DATASET', `none of the --dev-people has photos in ${o.datasets.join(', ')}: checkpoints could not be scored. Check the names against the person folders.`);
  // Chips per dataset and photo list, so adding a dataset reuses the chips of the others.
  const cache = join(o.out, '.cache');
  await mkdir(cache, { recursive: true });
  const chipsOf = async (groups: readonly DistillPhoto[][], masks: number, what: 'train' | 'dev'): Promise<ChipChunk[]> => {
    const total = groups.reduce((n, g) => n + g.length, 0);
    let before = 0;
    const chunks: ChipChunk[] = [];
    for (const photos of groups) {
      if (photos.length === 0) continue;
      const dir = join(cache, `chips-${chipKey(photos, masks)}`);
      await makeChipChunks(photos, dir, masks, (d) => o.onChips?.(what, before + d, total));
      chunks.push(...(await readChipChunks(dir)));
      before += photos.length;
    }
    return chunks;
  };
  const preparing = performance.now();
  const dev = await chipsOf(sets.dev, 0, 'dev');
  const train = await chipsOf(sets.train, o.masks, 'train');
  const missed = [...train, ...dev].reduce((n, c) => n + c.missed.length, 0);
  if (missed > 0) o.log?.(`  no face found on ${missed} photos: left out (listed in ${cache}/chips-*/chips-*.json)`);

  // This invocation's alignment and masking (a resumed run finds its chips made: seconds).
  const secondsPreparing = (performance.now() - preparing) / 1000;
  const started = new Date().toISOString();
  const recipe = (final: DistillState | undefined) => ({
    teacher: o.teacherPath,
    teacherSha256: createHash('sha256').update(teacherBytes).digest('hex'),
    datasets: o.datasets,
    devPeople: [...o.devPeople].sort(),
    excludedPeople: [...o.excludedPeople].sort(),
    photos: { train: trainPhotos.length, trainMasked: trainPhotos.filter((p) => p.masked).length, dev: devPhotos.length, noFace: missed },
    syntheticMasks: o.masks,
    options: o.train,
    started,
    updated: new Date().toISOString(),
    epochs: final?.epoch ?? 0,
    secondsPreparing,
    secondsTraining: final?.history.reduce((s, r) => s + r.seconds, 0) ?? 0,
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    best: final?.best,
    teacherDev: final?.teacher,
  });
  let teacherScore: DistillState['teacher'] | undefined = state?.teacher;
  const final = await distill(teacher, { train, dev }, o.train, state, {
    onStart: (info) => {
      teacherScore = info.teacher;
      o.log?.(`  ${info.trainPhotos} training photos (${info.viewsPerEpoch} views an epoch), ${info.devPhotos} development photos; teacher on development people: masked ${(100 * info.teacher.devMasked).toFixed(1)} %, unmasked ${(100 * info.teacher.devUnmasked).toFixed(1)} %`);
    },
    ...(o.onStep === undefined ? {} : { onStep: o.onStep }),
    onEpoch: async (s, record, isBest) => {
      if (isBest) await writeFileAtomic(join(o.out, STUDENT_FILE), studentModel(teacher, s.weights, embeddingSize, o.train));
      await writeCheckpoint(checkpointPath, s);
      await writeFileAtomic(join(o.out, 'history.json'), `${JSON.stringify({ teacher: s.teacher, best: s.best, history: s.history }, null, 2)}\n`);
      await writeFileAtomic(join(o.out, 'distill.json'), `${JSON.stringify(recipe(s), null, 2)}\n`);
      const png = await renderTrainingCurves({
        title: 'Distillation: development people, top-1',
        history: s.history.map((r) => ({ epoch: r.epoch, accuracy: r.devUnmasked, valAccuracy: r.devMasked })),
        lrDrops: [],
        ...(s.best === undefined ? {} : { bestEpoch: s.best.epoch }),
        labels: { accuracy: 'unmasked (development people)', valAccuracy: 'masked (development people)' },
        references: [
          { label: `teacher, unmasked ${(100 * s.teacher.devUnmasked).toFixed(1)} %`, value: s.teacher.devUnmasked, curve: 'accuracy' },
          { label: `teacher, masked ${(100 * s.teacher.devMasked).toFixed(1)} %`, value: s.teacher.devMasked, curve: 'valAccuracy' },
        ],
      });
      await writeFileAtomic(join(o.out, 'curves.png'), png);
      o.onEpoch?.(record, isBest);
    },
  });
  return {
    student: final.best === undefined ? undefined : join(o.out, STUDENT_FILE),
    teacher: teacherScore ?? final.teacher,
    best: final.best,
    history: final.history,
    trainPhotos: trainPhotos.length,
    devPhotos: devPhotos.length,
  };
}
