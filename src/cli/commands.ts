/**
 * The table of sub-commands: name, one-line summary, and the module that defines it. `maskface
 * --help` prints this table without loading any command, and a run loads only the module of the
 * command it names: the modules of recognition, training and serving import TensorFlow.js,
 * onnxruntime, sharp, skia and BullMQ, which cost seconds and hundreds of MB each time (issue 25).
 */
import type { Command } from 'commander';

/** What each command module exports. */
export interface CommandModule {
  register(program: Command): void;
}

export interface LazyCommand {
  /** The word after `maskface`. */
  readonly name: string;
  /** One line for the top-level help; the full description is the module's. */
  readonly summary: string;
  readonly load: () => Promise<CommandModule>;
}

export const COMMANDS: readonly LazyCommand[] = [
  { name: 'dataset', summary: 'scan and prepare a face dataset (RMFD or one folder per person)', load: () => import('./dataset.js') },
  { name: 'recognize', summary: 'find, name and mask-check every face of a photo, folder or video', load: () => import('./recognize.js') },
  { name: 'calibrate', summary: "choose a gallery's threshold for a target false-accept rate", load: () => import('./calibrate.js') },
  { name: 'enroll', summary: 'enrol a person from photos (or a dataset as queued jobs)', load: () => import('./enroll.js') },
  { name: 'identify', summary: 'identify the faces of a photo (1:N), or verify one person (1:1)', load: () => import('./identify.js') },
  { name: 'people', summary: 'list the people enrolled in a gallery, or remove one', load: () => import('./people.js') },
  { name: 'demo', summary: 'run the pipeline on a small default dataset, results under out/demo', load: () => import('./demo.js') },
  { name: 'model', summary: 'inspect the classifier networks', load: () => import('./model.js') },
  { name: 'train', summary: 'train a recognizer on a prepared dataset', load: () => import('./train.js') },
  { name: 'evaluate', summary: 'evaluate a trained model on a dataset folder', load: () => import('./evaluate.js') },
  { name: 'serve', summary: 'HTTP API and web page over a gallery or a trained model', load: () => import('./serve.js') },
  { name: 'detect', summary: 'find faces (box, score, 5 landmarks) in a photo or folder', load: () => import('./detect.js') },
  { name: 'balance', summary: 'balance the classes of a prepared dataset (undersample, oversample, SMOTE)', load: () => import('./balance.js') },
  { name: 'review', summary: 'review a prepared dataset in the browser and exclude photos', load: () => import('./review.js') },
  { name: 'mask', summary: 'put simulated masks on every unmasked photo of a dataset', load: () => import('./mask.js') },
  { name: 'experiment', summary: "the paper's Tables IV and V, resumable, with reports", load: () => import('./experiment.js') },
  { name: 'queue', summary: 'recognition and enrolment as jobs on a Redis queue', load: () => import('./queue.js') },
  { name: 'worker', summary: 'run queued recognition and enrolment jobs until stopped', load: () => import('./worker.js') },
  { name: 'distill', summary: 'teach a copy of the ArcFace network to see through masks (writes student.onnx)', load: () => import('./distill.js') },
  { name: 'fit-backbone', summary: "fine-tune MobileFace's descriptor layer on people never tested", load: () => import('./fit-backbone.js') },
];
