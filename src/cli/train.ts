/**
 * `maskface train <prepared-dir> --out <model-dir>`: the mask-robust lda method (issue 10, the
 * default) or the paper's classifier head on a backbone (paper 3.3); see src/train/.
 */
import { resolve } from 'node:path';
import type { Command, OptionValueSource } from 'commander';
import { Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { MaskfaceError } from '../errors.js';
import { BACKBONES } from '../model-folder/backbones.js';
import { FINE_TUNE_MODES } from '../model-folder/network.js';
import { BALANCING, TRAIN_METHODS, TRAIN_PROTOCOLS, type TrainMethod, type TrainOptionsInput } from '../train/options.js';
import { trainModel } from '../train/train-model.js';
import { addBalanceOptions, balanceFlags } from './balance-options.js';

const number = (name: string, integer: boolean) => (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) throw new MaskfaceError('MF_INVALID_ARGUMENT', `${name}: expected ${integer ? 'a whole number' : 'a number'}, received "${value}".`);
  return n;
};

/** `--mode vgg16|backbone:<name>` is the older spelling of `--backbone`. */
function backboneOf(opts: { backbone?: string; mode?: string }): string | undefined {
  if (opts.mode === undefined) return opts.backbone;
  const name = opts.mode.replace(/^backbone:/, '');
  if (!(BACKBONES as readonly string[]).includes(name)) throw new MaskfaceError('MF_INVALID_ARGUMENT', `--mode: expected vgg16 or backbone:<${BACKBONES.slice(1).join('|')}>, received "${opts.mode}".`);
  return name;
}

/** Flags (commander keys) that only the trained head uses: given on the command line, they select it. */
const HEAD_FLAGS = ['backbone', 'mode', 'fineTune', 'balance', 'k', 'smallClass', 'protocol', 'augment', 'epochs', 'batch', 'microBatch', 'lr', 'patience', 'earlyStop', 'weights', 'resume'] as const;

/**
 * `--method` when given; otherwise the head when an option of the head is given (so earlier
 * command lines keep their meaning), else lda, the method that does best on masked faces.
 */
function methodOf(method: string | undefined, sourceOf: (key: string) => OptionValueSource | undefined): TrainMethod {
  const headFlags = HEAD_FLAGS.filter((key) => sourceOf(key) === 'cli');
  if (method === 'lda' && headFlags.some((key) => key === 'backbone' || key === 'mode')) {
    throw new MaskfaceError('MF_INVALID_ARGUMENT', '--backbone: --method lda uses its own features (mask-robust + arcface-mobilefacenet: src/methods/lda-features.ts). Drop --backbone, or use --method head.');
  }
  if (method !== undefined) return method as TrainMethod;
  return headFlags.length > 0 ? 'head' : 'lda';
}

interface TrainFlags {
  out: string;
  method?: string;
  /** A folder, or false for `--no-background`. */
  background?: string | false;
  backbone?: string;
  mode?: string;
  fineTune: string;
  balance: string;
  protocol: string;
  augment?: boolean;
  epochs?: number;
  /** `--batch-size` / `--batch` (commander names it after the last flag). */
  batch?: number;
  microBatch?: number;
  /** `--learning-rate` / `--lr`. */
  lr?: number;
  patience?: number;
  earlyStop?: number;
  /** --seed, --k, --small-class (src/cli/balance-options.ts). */
  seed: number;
  k: number;
  smallClass: string;
  weights?: string;
  resume?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('train')
    .description('train a recognizer on a prepared dataset: mask-robust + ArcFace features and LDA (default), or the paper\'s head on VGG16 blocks 4-5 or a face backbone')
    .argument('<prepared-dir>', 'folder written by `maskface dataset prepare`')
    .requiredOption('--out <model-dir>', 'model folder to write')
    .addOption(new Option('--method <method>', 'lda: mask-robust + ArcFace features, PCA/LDA (default unless a head option is given); head: the paper\'s classifier head').choices([...TRAIN_METHODS]))
    .option('--background <dataset-dir>', 'lda: photos of people who are not enrolled (prepared or raw folder); they shape the projection only (default: the background cohort shipped with maskface)')
    .option('--no-background', 'lda: no background people, only the trained people shape the projection')
    .addOption(new Option('--backbone <name>', 'feature extractor under the head').choices([...BACKBONES]).default('vgg16'))
    .addOption(new Option('--mode <mode>', 'same as --backbone: vgg16 or backbone:<name>').hideHelp())
    .addOption(new Option('--fine-tune <blocks>', 'VGG16 blocks to retrain').choices([...FINE_TUNE_MODES]).default('blocks4-5'))
    .addOption(new Option('--balance <method>', 'class balancing of the training rows').choices([...BALANCING]).default('none'))
    .addOption(new Option('--protocol <protocol>', 'leak-free: manifest split, balance train only; paper: balance all, then split').choices([...TRAIN_PROTOCOLS]).default('leak-free'));
  addBalanceOptions(command, 'seed of shuffling, balancing, split (the paper\'s random_state)')
    .option('--augment', 'on-the-fly augmentation (vgg16 only)')
    .option('--epochs <n>', 'epochs (paper: 800)', number('--epochs', true))
    .option('--batch-size, --batch <n>', 'photos per optimiser step (paper: 128)', number('--batch-size', true))
    .option('--micro-batch <n>', 'photos per forward/backward pass (memory; default 16)', number('--micro-batch', true))
    .option('--learning-rate, --lr <x>', 'Adam learning rate (paper: 1e-5)', number('--learning-rate', false))
    .option('--patience <n>', 'ReduceLROnPlateau patience, epochs (paper: 100)', number('--patience', true))
    .option('--early-stop <n>', 'stop after n epochs without a better validation accuracy (default: never)', number('--early-stop', true))
    .option('--weights <h5>', 'Keras VGG16 "notop" ImageNet weights file')
    .option('--resume', 'continue from the model folder\'s last checkpoint')
    .option('--json', 'print the result as JSON (no progress bar)')
    .action(async (dataDir: string, opts: TrainFlags, self: Command) => {
      const method = methodOf(opts.method, (key) => self.getOptionValueSource(key));
      const balancing = balanceFlags('train', { ...opts });
      const input: TrainOptionsInput = {
        method,
        ...(opts.background === undefined ? {} : { background: opts.background === false ? false : resolve(opts.background) }),
        dataDir: resolve(dataDir),
        outDir: resolve(opts.out),
        backbone: backboneOf(opts) as TrainOptionsInput['backbone'],
        fineTune: opts.fineTune as TrainOptionsInput['fineTune'],
        balance: opts.balance as TrainOptionsInput['balance'],
        protocol: opts.protocol as TrainOptionsInput['protocol'],
        ...balancing,
        augment: opts.augment === true,
        resume: opts.resume === true,
        ...(opts.epochs === undefined ? {} : { epochs: opts.epochs }),
        ...(opts.batch === undefined ? {} : { batchSize: opts.batch }),
        ...(opts.microBatch === undefined ? {} : { microBatchSize: opts.microBatch }),
        ...(opts.lr === undefined ? {} : { learningRate: opts.lr }),
        ...(opts.patience === undefined ? {} : { patience: opts.patience }),
        ...(opts.earlyStop === undefined ? {} : { earlyStop: opts.earlyStop }),
        ...(opts.weights === undefined ? {} : { weights: resolve(opts.weights) }),
      };
      const show = opts.json !== true && process.stderr.isTTY === true;
      const bar = new SingleBar({ format: '{stage} [{bar}] {value}/{total} {info}', stream: process.stderr, hideCursor: true, clearOnComplete: false });
      let current = '';
      const start = (stage: string, total: number) => {
        if (!show) return;
        if (current !== stage) {
          if (current !== '') bar.stop();
          bar.start(total, 0, { stage, info: '' });
          current = stage;
        }
      };
      const result = await trainModel(input, {
        onStage: (stage, done, total) => {
          start(stage, total);
          if (show) bar.update(done, { stage, info: '' });
        },
        onBatch: (epoch, done, total, loss, accuracy) => {
          start(`epoch ${epoch}`, total);
          if (show) bar.update(done, { stage: `epoch ${epoch}`, info: `loss ${loss.toFixed(4)} acc ${accuracy.toFixed(3)}` });
        },
        onEpoch: (r) => {
          if (show) {
            bar.update(r.epoch === 0 ? 0 : bar.getTotal(), { stage: `epoch ${r.epoch}`, info: `loss ${r.loss.toFixed(4)} acc ${r.accuracy.toFixed(3)} val_acc ${r.valAccuracy.toFixed(3)} lr ${r.lr.toExponential(1)} ${r.seconds.toFixed(1)}s` });
            bar.stop();
            current = '';
          } else if (opts.json !== true) {
            console.error(`epoch ${r.epoch}: loss ${r.loss.toFixed(4)} acc ${r.accuracy.toFixed(3)} val_acc ${r.valAccuracy.toFixed(3)} lr ${r.lr.toExponential(1)} (${r.seconds.toFixed(1)} s)`);
          }
        },
      });
      if (current !== '') bar.stop();
      if (method === 'lda') {
        const summary = { out: input.outDir, method, people: result.classes.length, testAccuracy: result.bestValAccuracy, counts: result.counts, trainSeconds: Math.round(result.trainSeconds) };
        if (opts.json === true) console.log(JSON.stringify(summary));
        else console.log(`model written to ${input.outDir} (method lda): test-split accuracy ${(result.bestValAccuracy * 100).toFixed(1)}% (${result.classes.length} people, ${result.counts.trainAfterBalancing} training and ${result.counts.test} test photos, ${summary.trainSeconds} s)`);
        return;
      }
      const { protocol, balance } = opts;
      const smote = balance.startsWith('smote') ? { k: balancing.k, smallClass: balancing.smallClass } : undefined;
      const balanced = smote === undefined ? balance : `${balance} (k ${smote.k}, small classes: ${smote.smallClass})`;
      const summary = { out: input.outDir, method, people: result.classes.length, protocol, balance, ...smote, epochs: result.history.length, bestEpoch: result.bestEpoch, bestValAccuracy: result.bestValAccuracy, counts: result.counts, trainSeconds: Math.round(result.trainSeconds) };
      if (opts.json === true) console.log(JSON.stringify(summary));
      else console.log(`model written to ${input.outDir}: best validation accuracy ${(result.bestValAccuracy * 100).toFixed(1)}% at epoch ${result.bestEpoch} of ${result.history.length} (${result.classes.length} people, protocol ${protocol}, balancing ${balanced}: ${result.counts.trainAfterBalancing} training and ${result.counts.test} validation rows, ${summary.trainSeconds} s)`);
    });
}
