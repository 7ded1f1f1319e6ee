/**
 * `maskface enroll <gallery> <name> <photos...>`: adds a person (or more photos of them) to a gallery.
 * `maskface enroll <gallery> <folder> --queue`: one enrolment job per person of a folder-per-person
 * dataset (`<folder>/<person>/<photos>`), run by `maskface worker` processes. This module is the flags
 * and help only, so `enroll --help` loads nothing else (issue 25); enroll-action.ts runs it.
 */
import type { Command } from 'commander';
import { DEFAULT_QUEUE_NAME } from '../queue/queue-defaults.js';
import { addRedisOption, addRetryOptions } from './queue-options.js';
import { addEnrolmentOptions } from './recognize-options.js';

export function register(program: Command): void {
  const command = program
    .command('enroll')
    .description('Enrol a person from one or more photos (one face each); unmasked-only enrolments also get synthetic masked samples. With --queue, enrol every person of a folder-per-person dataset as queued jobs')
    .argument('<gallery>', 'gallery: a SQLite file, or postgres://user:password@host:port/database?gallery=name; created if missing')
    .argument('<name>', 'the person\'s name (with --queue: a folder holding one folder of photos per person)')
    .argument('[photos...]', 'photos of the person (none with --queue)');
  addEnrolmentOptions(command)
    .option('--json', 'print the result as JSON')
    .option('--queue [name]', `queue one job per person on a BullMQ queue (default name ${DEFAULT_QUEUE_NAME}) for \`maskface worker\`; put it last or write --queue=name`);
  addRetryOptions(addRedisOption(command))
    .action(async (galleryPath: string, name: string, photos: string[], raw: unknown) => (await import('./enroll-action.js')).enroll(galleryPath, name, photos, raw));
}
