/**
 * The `maskface` command: one file per sub-command under src/cli/, each exporting a
 * `register(program)` that adds itself. This file only wires them and turns errors into messages.
 */
import { Command, CommanderError } from 'commander';
import { isMaskfaceError } from '../errors.js';
import { register as registerDataset } from './dataset.js';
import { register as registerRecognize } from './recognize.js';
import { register as registerCalibrate } from './calibrate.js';
import { register as registerEnroll } from './enroll.js';
import { register as registerIdentify } from './identify.js';
import { register as registerPeople } from './people.js';
import { register as registerDemo } from './demo.js';
import { register as registerModel } from './model.js';
import { register as registerTrain } from './train.js';
import { register as registerEvaluate } from './evaluate.js';
import { register as registerServe } from './serve.js';
import { register as registerDetect } from './detect.js';
import { register as registerBalance } from './balance.js';
import { register as registerReview } from './review.js';
import { register as registerMask } from './mask.js';
import { register as registerExperiment } from './experiment.js';
import { register as registerQueue } from './queue.js';
import { register as registerWorker } from './worker.js';
import { register as registerFitBackbone } from './fit-backbone.js';

export function buildProgram(): Command {
  const program = new Command('maskface')
    .description('Recognise people with or without a face mask (VGG16 transfer learning and face backbones).')
    .version('0.1.0')
    .showHelpAfterError();
  registerDataset(program);
  registerRecognize(program);
  registerCalibrate(program);
  registerEnroll(program);
  registerIdentify(program);
  registerPeople(program);
  registerDemo(program);
  registerModel(program);
  registerTrain(program);
  registerEvaluate(program);
  registerServe(program);
  registerDetect(program);
  registerBalance(program);
  registerReview(program);
  registerMask(program);
  registerExperiment(program);
  registerQueue(program);
  registerWorker(program);
  registerFitBackbone(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode);
    if (isMaskfaceError(err)) {
      console.error(`maskface: ${err.message} [${err.code}]`);
      process.exit(1);
    }
    throw err;
  }
}
