/** `maskface experiment`: the paper's four trainings under both protocols, resumable, with a report (issue 7). */
import type { Command } from 'commander';
import { Option } from 'commander';
import { NEAR_DUPLICATE_COSINE } from '../data/near-duplicates.js';
import { MaskfaceError } from '../errors.js';
import { CONFIGURATIONS } from '../eval/configurations.js';
import { experimentDependencies } from '../eval/dependencies.js';
import { runExperiment } from '../eval/experiment.js';
import { writeReport } from '../eval/report.js';
import { DETECTOR_KINDS, type DetectorKind } from '../face/detectors.js';
import { addBalanceOptions, balanceFlags } from './balance-options.js';
import { parseNearDuplicateCosine } from './near-duplicate-options.js';
import { BACKBONES, type Backbone } from '../model-folder/backbones.js';
import { assertWritableOutput } from './writable-output.js';

function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new MaskfaceError('MF_INVALID_ARGUMENT', `${name}: expected a whole number >= 1, received "${value}".`);
    return n;
  };
}

function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!(n > 0)) throw new MaskfaceError('MF_INVALID_ARGUMENT', `${name}: expected a number > 0, received "${value}".`);
    return n;
  };
}

const shellQuote = (arg: string): string => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

interface ExperimentFlags {
  real?: string;
  simulated?: string;
  out: string;
  runs: number;
  protocol: 'leak-free' | 'paper' | 'both';
  backbone: Backbone | 'dlib';
  people: number;
  maxPhotos?: number;
  epochs?: number;
  learningRate?: number;
  batchSize?: number;
  patience?: number;
  /** --seed, --k, --small-class (src/cli/balance-options.ts). */
  seed: number;
  k: number;
  smallClass: string;
  maskType: string;
  maskColor: string;
  only?: string;
  detector: DetectorKind;
  reportOnly?: boolean;
  nearDuplicate: number;
  group: boolean;
  keepModels?: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('experiment')
    .description("the paper's Tables IV and V: real masks (no balancing, RandomUnderSampler, SMOTE) and simulated masks (SMOTE), both protocols, resumable, with report.md and report.html")
    .option('--real <dir>', 'RMFD folder of the real-mask arm (AFDB_face_dataset/, AFDB_masked_face_dataset/)')
    .option('--simulated <dir>', 'unmasked photos, one folder per person (e.g. LFW), for the simulated-mask arm')
    .requiredOption('--out <dir>', 'report folder (runs/, data/, figures/, report.md, report.html); rerun with the same options to resume')
    .option('--runs <n>', 'runs of each SMOTE configuration (Table V)', positiveInt('--runs'), 5)
    .addOption(new Option('--protocol <p>', 'evaluation protocol(s), side by side').choices(['leak-free', 'paper', 'both']).default('both'))
    .addOption(new Option('--backbone <name>', 'features under the head: a face embedder, or VGG16 fine-tuning (slow on CPU)').choices([...BACKBONES, 'dlib']).default('faceres'))
    .option('--people <n>', 'people per arm (real: most masked photos; simulated: most photos)', positiveInt('--people'), 30)
    .option('--max-photos <n>', 'simulated arm: at most n photos per person (default all)', positiveInt('--max-photos'))
    .option('--epochs <n>', 'epochs per training (default: 30 for face embedders, 20 for vgg16; the paper: 800)', positiveInt('--epochs'))
    .option('--learning-rate <lr>', 'Adam learning rate (default: 1e-3 for face embedders, the paper\'s 1e-5 for vgg16)', positiveNumber('--learning-rate'))
    .option('--batch-size <n>', 'photos per optimiser step (default 128, the paper\'s)', positiveInt('--batch-size'))
    .option('--patience <n>', 'ReduceLROnPlateau patience in epochs (default: 10 for face embedders, the paper\'s 100 for vgg16)', positiveInt('--patience'));
  addBalanceOptions(command, 'base seed: split, masks, run 1 (run k uses seed + k - 1)')
    .option('--mask-type <type>', 'simulated masks: cloth, surgical, n95, kn95, gas or random (paper: cloth)', 'cloth')
    .option('--mask-color <color>', 'simulated masks: colour name or #rrggbb (paper: black)', 'black')
    .option('--only <ids>', `comma-separated configurations (${CONFIGURATIONS.map((c) => c.id).join(', ')})`)
    .option('--near-duplicate <cosine>', 'faceres cosine above which two photos of one person are near-duplicates, kept on one side of the leak-free split', parseNearDuplicateCosine, NEAR_DUPLICATE_COSINE)
    .option('--no-group', "the paper's plain split: near-duplicates may straddle it (optimistic)")
    .addOption(new Option('--detector <kind>', 'face detector of the simulated arm').choices([...DETECTOR_KINDS]).default('mtcnn'))
    .option('--keep-models', 'keep each run\'s model folder under <out>/models (default: removed once the run\'s JSON is written)')
    .option('--report-only', 'rewrite report.md, report.html and figures from the finished runs in --out, training nothing')
    .action(async (flags: ExperimentFlags) => {
      await assertWritableOutput(flags.out, 'folder', 'experiment --out');
      if (flags.reportOnly) {
        const report = await writeReport(flags.out);
        console.log(`report: ${report.markdown} and ${report.html} (${report.runs} runs, ${report.figures.length} figures)`);
        return;
      }
      if (flags.real === undefined || flags.simulated === undefined) {
        throw new MaskfaceError('MF_INVALID_ARGUMENT', '--real <rmfd-dir> and --simulated <dir> are both required (or --report-only with --out).');
      }
      const outcome = await runExperiment(
        {
          real: flags.real,
          simulated: flags.simulated,
          out: flags.out,
          runs: flags.runs,
          protocols: flags.protocol === 'both' ? ['leak-free', 'paper'] : [flags.protocol],
          backbone: flags.backbone === 'dlib' ? 'dlib-resnet34' : flags.backbone,
          people: flags.people,
          ...(flags.maxPhotos !== undefined && { maxPhotos: flags.maxPhotos }),
          ...(flags.epochs !== undefined && { epochs: flags.epochs }),
          ...(flags.learningRate !== undefined && { learningRate: flags.learningRate }),
          ...(flags.batchSize !== undefined && { batchSize: flags.batchSize }),
          ...(flags.patience !== undefined && { patience: flags.patience }),
          ...balanceFlags('experiment', { ...flags }),
          keepModels: flags.keepModels === true,
          maskType: flags.maskType,
          maskColor: flags.maskColor,
          nearDuplicate: flags.group ? flags.nearDuplicate : null,
          ...(flags.only !== undefined && { only: flags.only.split(',').map((s) => s.trim()).filter(Boolean) }),
        },
        experimentDependencies({ detector: flags.detector, log: (line) => console.error(line) }),
        ['node bin/maskface.js', ...process.argv.slice(2)].map((a, i) => (i === 0 ? a : shellQuote(a))).join(' '),
      );
      console.log(`trained ${outcome.trained} run(s), ${outcome.skipped} already finished`);
      console.log(`report: ${outcome.report.markdown} and ${outcome.report.html} (${outcome.report.runs} runs, ${outcome.report.figures.length} figures)`);
    });
}
