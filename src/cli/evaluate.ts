/** `maskface evaluate <model-dir> <dataset-dir>`: accuracy overall, masked and unmasked, macro-F1, confusion matrix. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { EVAL_SPLITS, evaluateModel, type EvalSplit } from '../train/evaluate.js';
import { progressBar } from './progress.js';

const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);

export function register(program: Command): void {
  program
    .command('evaluate')
    .description('evaluate a trained model on a dataset folder (prepared, or raw RMFD / folder-per-person)')
    .argument('<model-dir>', 'folder written by `maskface train`')
    .argument('<dataset-dir>', 'prepared folder (its test split by default) or a raw dataset of the same people')
    .addOption(new Option('--split <split>', 'prepared folders: which split').choices([...EVAL_SPLITS]).default('test'))
    .addOption(new Option('--weights <which>', 'best (ModelCheckpoint) or last epoch').choices(['best', 'last']).default('best'))
    .option('--json', 'print one JSON object')
    .action(async (modelDir: string, datasetDir: string, opts: { split: EvalSplit; weights: 'best' | 'last'; json?: boolean }) => {
      const bar = progressBar('photos', opts.json !== true && process.stderr.isTTY === true);
      const report = await evaluateModel(resolve(modelDir), resolve(datasetDir), { split: opts.split, weights: opts.weights, onProgress: (d, t) => bar.update(d, t) });
      bar.stop();
      if (opts.json === true) {
        console.log(JSON.stringify(report));
        return;
      }
      if (report.unknownPeople.length > 0) console.error(`left out: ${report.unknownPeople.length} people the model does not know (${report.unknownPeople.slice(0, 5).join(', ')}${report.unknownPeople.length > 5 ? ', ...' : ''})`);
      console.log(`photos: ${report.n} (${report.nMasked} masked, ${report.nUnmasked} unmasked), split: ${report.split}`);
      console.log(`accuracy: ${pct(report.accuracy)}   masked: ${pct(report.maskedAccuracy)}   unmasked: ${pct(report.unmaskedAccuracy)}   macro-F1: ${report.macroF1.toFixed(3)}`);
      console.log('person                          precision  recall  photos');
      for (const p of report.perPerson) console.log(`${p.person.padEnd(30)}  ${pct(p.precision).padStart(9)}  ${pct(p.recall).padStart(6)}  ${String(p.support).padStart(6)}`);
    });
}
