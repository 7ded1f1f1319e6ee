/**
 * `maskface fit-backbone <dataset...> --people <file> --dev-people <file> --out <dir>`: fine-tunes
 * MobileFace's descriptor layer on people who are never tested (src/train/fit-backbone/); the
 * result is the `mobileface-tuned` embedder (`--embedder mobileface-tuned --tuned-head <dir>/head.bin`
 * where a command takes an embedder, or copied over src/models/mobileface-tuned/weights/head.bin).
 */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { getTf } from '../engine/tf.js';
import { readPeopleList } from '../data/people-list.js';
import { FIT_DEFAULTS, fitBackbone } from '../train/fit-backbone/fit.js';
import { HEAD_FILE } from '../models/mobileface-tuned/index.js';
import { parseIntOption, parsePositive } from './dataset.js';
import { progressBar } from './progress.js';
import { assertWritableOutput } from './writable-output.js';


interface FitFlags {
  people: string;
  devPeople: string;
  out: string;
  masks: number;
  maxPerPerson: number;
  epochs: number;
  lr: number;
  margin: number;
  scale: number;
  weightDecay: number;
  batchSize: number;
  seed: number;
  resume?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  const h = FIT_DEFAULTS.head;
  program
    .command('fit-backbone <datasets...>')
    .description('fine-tune MobileFace\'s descriptor layer (CosFace loss, synthetic masks) on people who are never tested; writes head.bin for the mobileface-tuned embedder')
    .requiredOption('--people <file>', 'people to learn from: one person folder name per line')
    .requiredOption('--dev-people <file>', 'development people who score each epoch (never learned from); the best epoch is kept')
    .requiredOption('--out <dir>', 'output folder: head.bin, checkpoint-last.bin, history.json, fit.json, .cache/')
    .option('--masks <n>', 'synthetic masks drawn on each unmasked training photo', parseIntOption('--masks'), FIT_DEFAULTS.syntheticMasks)
    .option('--max-per-person <n>', 'at most n photos per person and group (first by file name)', parseIntOption('--max-per-person'), FIT_DEFAULTS.maxPerPerson)
    .option('--epochs <n>', 'passes over the training photos', parseIntOption('--epochs'), h.epochs)
    .option('--lr <x>', 'Adam learning rate', parsePositive('--lr'), h.learningRate)
    .option('--margin <m>', 'CosFace additive cosine margin', parsePositive('--margin'), h.margin)
    .option('--scale <s>', 'CosFace scale', parsePositive('--scale'), h.scale)
    .option('--weight-decay <w>', 'L2 pull toward the shipped layer\'s weights', parsePositive('--weight-decay'), h.weightDecay)
    .option('--batch-size <n>', 'photos per Adam step', parseIntOption('--batch-size'), h.batchSize)
    .option('--seed <n>', 'seed of the shuffles and dropout', parseIntOption('--seed'), h.seed)
    .option('--resume', 'go on from <out>/checkpoint-last.bin')
    .option('--json', 'print the result as JSON')
    .action(async (datasets: string[], flags: FitFlags) => {
      await assertWritableOutput(flags.out, 'folder', 'fit-backbone --out');
      const log = flags.json ? (): void => undefined : (line: string): void => console.error(line);
      const extractBar = progressBar('trunk features', !flags.json && process.stderr.isTTY === true);
      const epochBar = progressBar('epochs', !flags.json && process.stderr.isTTY === true);
      const tty = process.stderr.isTTY === true;
      try {
        const tf = await getTf();
        const result = await fitBackbone(tf, {
          datasets: datasets.map((d) => resolve(d)),
          trainPeople: new Set(await readPeopleList(flags.people, '--people')),
          devPeople: new Set(await readPeopleList(flags.devPeople, '--dev-people')),
          out: resolve(flags.out),
          syntheticMasks: flags.masks,
          maxPerPerson: flags.maxPerPerson,
          head: { epochs: flags.epochs, learningRate: flags.lr, margin: flags.margin, scale: flags.scale, weightDecay: flags.weightDecay, batchSize: flags.batchSize, seed: flags.seed, inputDropout: h.inputDropout },
          ...(flags.resume === true && { resume: true }),
          log,
          onExtract: (done, total) => {
            extractBar.update(done, total);
            if (!tty && !flags.json && (done % 500 === 0 || done === total)) log(`  trunk features ${done}/${total}`);
          },
          onEpoch: (epoch, epochs, loss, score) => {
            extractBar.stop();
            epochBar.update(epoch, epochs);
            if (!tty && !flags.json) log(`  epoch ${epoch}/${epochs}: loss ${loss.toFixed(4)}${score === undefined ? '' : `, development score ${(100 * score).toFixed(1)} %`}`);
          },
        });
        epochBar.stop();
        if (flags.json) {
          console.log(JSON.stringify({ ...result, head: join(resolve(flags.out), HEAD_FILE) }, null, 2));
          return;
        }
        const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
        console.log(`kept epoch ${result.epoch}: development masked ${pct(result.dev.masked)}, unmasked ${pct(result.dev.unmasked)} (shipped MobileFace layer: ${pct(result.before.masked)}, ${pct(result.before.unmasked)}); ${result.seconds.toFixed(0)} s`);
        console.log(`layer: ${join(resolve(flags.out), HEAD_FILE)}`);
      } finally {
        extractBar.stop();
        epochBar.stop();
      }
    });
}
