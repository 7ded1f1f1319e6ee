/**
 * `maskface distill <datasets...> --dev-people <file> --out <dir>`: mask-invariant distillation of
 * the ArcFace network (src/train/distill/): a student learns to give masked faces the embedding the
 * teacher gives them unmasked, from unmasked photos (synthetic masks) and real masked ones. Writes
 * `<dir>/student.onnx`, which every command that takes `--embedder` loads as `onnx:<dir>/student.onnx`.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readPeopleList } from '../data/people-list.js';
import { MaskfaceError } from '../errors.js';
import { defaultArcfaceMobilefacenetPath } from '../models/arcface-mobilefacenet/constants.js';
import { DEFAULT_SYNTHETIC_MASKS, DISTILL_DEFAULTS } from '../train/distill/options.js';
import { parseFraction, parseIntOption, parsePositive } from './dataset.js';
import { progressBar } from './progress.js';
import { assertWritableOutput } from './writable-output.js';


interface DistillFlags {
  devPeople: string;
  exclude?: string;
  out: string;
  from?: string;
  masks: number;
  epochs: number;
  batchSize: number;
  lr: number;
  unmaskedShare: number;
  seed: number;
  resume?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('distill <datasets...>')
    .description('teach a copy of the ArcFace network to see through masks (distillation from its own unmasked embeddings); writes student.onnx for --embedder onnx:<file>')
    .requiredOption('--dev-people <file>', 'development people (one person folder name per line): they score each epoch and are never learned from')
    .option('--exclude <file>', 'people never learned from nor scored on, e.g. the people you test on (one per line)')
    .requiredOption('--out <dir>', 'output folder: student.onnx, checkpoint-last.bin, history.json, curves.png, distill.json, .cache/')
    .option('--from <onnx>', 'teacher network (an ArcFace-convention ONNX file made of Conv, PRelu, Add, Reshape); default the shipped arcface-mobilefacenet')
    .option('--masks <n>', 'synthetic masks drawn on each unmasked training photo', parseIntOption('--masks'), DEFAULT_SYNTHETIC_MASKS)
    .option('--epochs <n>', 'passes over the training photos', parseIntOption('--epochs'), DISTILL_DEFAULTS.epochs)
    .option('--batch-size <n>', 'photos per Adam step', parseIntOption('--batch-size'), DISTILL_DEFAULTS.batchSize)
    .option('--lr <x>', 'Adam learning rate (linear warm-up, then cosine decay to a tenth over the run)', parsePositive('--lr'), DISTILL_DEFAULTS.learningRate)
    .option('--unmasked-share <x>', 'share of each epoch shown unmasked (keeps unmasked faces as the teacher has them)', parseFraction('--unmasked-share'), DISTILL_DEFAULTS.unmaskedShare)
    .option('--seed <n>', 'seed of shuffles, masks and augmentation', parseIntOption('--seed'), DISTILL_DEFAULTS.seed)
    .option('--resume', 'go on from <out>/checkpoint-last.bin')
    .option('--json', 'print the result as JSON')
    .action(async (datasets: string[], flags: DistillFlags) => {
      await assertWritableOutput(flags.out, 'folder', 'distill --out');
      const { runDistill } = await import('../train/distill/run.js');
      const devPeople = new Set(await readPeopleList(flags.devPeople, '--dev-people'));
      const excludedPeople = new Set(flags.exclude === undefined ? [] : await readPeopleList(flags.exclude, '--exclude'));
      const both = [...devPeople].filter((p) => excludedPeople.has(p));
      if (both.length > 0) throw new MaskfaceError('MF_INVALID_ARGUMENT', `${both.length} people are in both --dev-people and --exclude (${both.slice(0, 3).join(', ')}). A development person scores checkpoints; remove them from one list.`);
      const tty = process.stderr.isTTY === true && flags.json !== true;
      const log = flags.json === true ? (): void => undefined : (line: string): void => console.error(line);
      const chipsBar = progressBar('faces (align, masks)', tty);
      const stepBar = progressBar('epoch', tty);
      let lastChips = 0;
      try {
        const result = await runDistill({
          datasets: datasets.map((d) => resolve(d)),
          devPeople,
          excludedPeople,
          teacherPath: resolve(flags.from ?? defaultArcfaceMobilefacenetPath()),
          out: resolve(flags.out),
          masks: flags.masks,
          resume: flags.resume === true,
          train: { ...DISTILL_DEFAULTS, epochs: flags.epochs, batchSize: flags.batchSize, learningRate: flags.lr, unmaskedShare: flags.unmaskedShare, seed: flags.seed },
          log,
          onChips: (what, done, total) => {
            chipsBar.update(done, total);
            if (!tty && flags.json !== true && (done - lastChips >= 500 || done === total)) {
              lastChips = done;
              log(`  ${what} faces ${done}/${total}`);
            }
          },
          onStep: (epoch, done, total) => {
            chipsBar.stop();
            stepBar.update(done, total);
            if (!tty && flags.json !== true && done % (flags.batchSize * 50) === 0) log(`  epoch ${epoch}: ${done}/${total}`);
          },
          onEpoch: (r, isBest) => {
            stepBar.stop();
            log(`  epoch ${r.epoch}: loss ${r.loss.toFixed(4)}, development masked ${(100 * r.devMasked).toFixed(1)} %, unmasked ${(100 * r.devUnmasked).toFixed(1)} % (${r.photosPerSecond.toFixed(1)} photos/s)${isBest ? ', kept' : ''}`);
          },
        });
        if (flags.json === true) {
          console.log(JSON.stringify(result, null, 2));
          return;
        }
        const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
        if (result.best === undefined) {
          console.log(`no epoch kept: none reached the teacher's unmasked development score within a point (teacher: masked ${pct(result.teacher.devMasked)}, unmasked ${pct(result.teacher.devUnmasked)}). Try a lower --lr or a larger --unmasked-share.`);
          return;
        }
        console.log(`kept epoch ${result.best.epoch}: development masked ${pct(result.best.devMasked)}, unmasked ${pct(result.best.devUnmasked)} (teacher: ${pct(result.teacher.devMasked)}, ${pct(result.teacher.devUnmasked)})`);
        console.log(`student: ${result.student} (use it as --embedder onnx:${result.student})`);
      } finally {
        chipsBar.stop();
        stepBar.stop();
      }
    });
}
