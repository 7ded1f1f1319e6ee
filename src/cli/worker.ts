/** `maskface worker`: runs queued recognition and enrolment jobs until stopped (src/queue/worker.ts). */
import type { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_LOCK_MS, DEFAULT_STALLED_INTERVAL_MS, type WorkerEvent, WorkerSettingsSchema, startWorker } from '../queue/worker.js';
import { addQueueAddressOptions } from './queue-options.js';
import { parseFlags } from './recognize-options.js';

const WorkerFlagsSchema = WorkerSettingsSchema.extend({ json: z.boolean().default(false) });

function describe(e: WorkerEvent): string {
  switch (e.event) {
    case 'ready': return `worker ${e.worker} waiting for jobs on ${e.queue}`;
    case 'active': return `${e.kind} ${e.about}: started (try ${e.attempt})`;
    case 'progress': return `${e.kind} ${e.about}: ${Math.round((100 * e.done) / Math.max(1, e.total))} % (${e.done}/${e.total})`;
    case 'completed': return `${e.kind} ${e.about}: done in ${e.seconds.toFixed(1)} s${e.faces === undefined ? '' : `, ${e.faces} faces`}${e.result === undefined ? '' : ` -> ${e.result}`}`;
    case 'failed': return `${e.kind} ${e.about}: failed (try ${e.attempt}): ${e.message} [${e.code}]${e.retry ? ', will retry' : ''}`;
    case 'error': return `worker error: ${e.message}`;
  }
}

export function register(program: Command): void {
  addQueueAddressOptions(program
    .command('worker')
    .description('Take recognition and enrolment jobs from the queue and run them until stopped (Ctrl-C finishes the current job; a second one stops at once and the job is retried elsewhere)'))
    .option('--concurrency <n>', 'jobs at once in this process (start one process per core instead)', '1')
    .option('--lock-duration <ms>', 'lock on an active job, renewed while the worker lives; a dead worker\'s job is retried after it', String(DEFAULT_LOCK_MS))
    .option('--stalled-interval <ms>', 'how often to look for jobs whose worker died', String(DEFAULT_STALLED_INTERVAL_MS))
    .option('--json', 'print one JSON line per event (ready, active, progress, completed, failed)')
    .action(async (raw: unknown) => {
      const opts = parseFlags('worker', WorkerFlagsSchema, raw);
      const print = (e: WorkerEvent): void => console.log(opts.json ? JSON.stringify(e) : describe(e));
      const worker = await startWorker(opts, print);
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: NodeJS.Signals): void => {
          if (stopping) {
            // The job's lock runs out and another worker takes it, as after a crash.
            console.error(`worker ${worker.name}: ${signal} again, stopping now`);
            process.exit(130);
          }
          stopping = true;
          console.error(`worker ${worker.name}: ${signal}, finishing the current job (${signal} again to stop at once)`);
          worker.close().then(resolve, (err: unknown) => {
            console.error(`worker ${worker.name}: ${(err as Error).message}`);
            resolve();
          });
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
