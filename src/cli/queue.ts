/**
 * `maskface queue recognize|status|results|retry|clean`: recognition as jobs on a BullMQ queue in
 * Redis, run by any number of `maskface worker` processes (src/queue/).
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { type EnqueueReport, RetrySettingsSchema, queueRecognition } from '../queue/enqueue.js';
import { DEFAULT_QUEUE_NAME, DEFAULT_REDIS_URL, type OpenedQueue, type QueueAddress, QueueAddressSchema, displayUrl, openQueue } from '../queue/queue-connection.js';
import { STATES, queueStatus, writeResultLogs } from '../queue/queue-status.js';
import { RecognitionSettingsSchema } from '../recognize/recognition-settings.js';
import { addQueueAddressOptions, addRetryOptions } from './queue-options.js';
import { addRecognitionOptions, parseFlags } from './recognize-options.js';
import { assertWritableOutput } from './writable-output.js';

/** Where results go when --out is not given. */
const DEFAULT_OUT = 'maskface-results';

const RecognizeFlagsSchema = RecognitionSettingsSchema.extend(QueueAddressSchema.shape).extend(RetrySettingsSchema.shape).extend({
  /** Folder of the annotated copies, the per-job result files and results.jsonl; default ./maskface-results. */
  out: z.string().default(DEFAULT_OUT),
  json: z.boolean().default(false),
});
const AddressFlagsSchema = QueueAddressSchema.extend({ json: z.boolean().default(false) });
const CleanFlagsSchema = QueueAddressSchema.extend({ failed: z.boolean().default(false), force: z.boolean().default(false) });

async function withQueue<T>(raw: unknown, work: (opened: OpenedQueue) => Promise<T>): Promise<T> {
  const opened = await openQueue(QueueAddressSchema.parse(raw));
  try {
    return await work(opened);
  } finally {
    await opened.close();
  }
}

/** Prints what queuing did: JSON, or one line of counts. */
export function printEnqueueReport(report: EnqueueReport, opened: OpenedQueue, json: boolean): void {
  if (json) {
    console.log(JSON.stringify({ queue: opened.address.queue, ...report }));
    return;
  }
  const already = new Map<string, number>();
  for (const job of report.jobs) if (job.state !== 'added') already.set(job.state, (already.get(job.state) ?? 0) + 1);
  const rest = [...already].map(([state, n]) => `${n} already ${state}`).join(', ');
  console.log(`queued ${report.added} jobs on ${opened.address.queue} at ${displayUrl(opened.address.redis)}${rest === '' ? '' : ` (${rest})`}; run \`${workerCommand(opened.address)}\` to work through them`);
}

/** The worker command line for this queue: the options that differ from the defaults, so it takes these jobs. */
export function workerCommand(address: QueueAddress): string {
  const words = ['maskface', 'worker'];
  if (address.redis !== DEFAULT_REDIS_URL) words.push('--redis', displayUrl(address.redis));
  if (address.queue !== DEFAULT_QUEUE_NAME) words.push('--queue', address.queue);
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export function register(program: Command): void {
  const queue = program.command('queue').description('Recognition and enrolment as jobs on a BullMQ queue in Redis, run by `maskface worker` processes');

  const recognize = queue
    .command('recognize')
    .description('Queue one recognition job per photo or video (folders are walked); a worker writes <out>/<path> (annotated) and <out>/<path>.json')
    .argument('<gallery>', 'gallery (file made by `maskface enroll`, or URL) or model folder, as `maskface recognize` takes it; workers must reach it at the same location')
    .argument('<inputs...>', 'photos, videos or folders of them')
    .option('--out <dir>', 'results folder (absolute paths are stored: workers must see the same paths)', DEFAULT_OUT);
  addRetryOptions(addQueueAddressOptions(addRecognitionOptions(recognize)))
    .option('--json', 'print the queued jobs as JSON')
    .action(async (gallery: string, inputs: string[], raw: unknown) => {
      const opts = parseFlags('queue recognize', RecognizeFlagsSchema, raw);
      await assertWritableOutput(opts.out, 'folder', 'queue recognize --out');
      await withQueue(opts, async (opened) => {
        const report = await queueRecognition(opened.queue, gallery, inputs, opts.out, RecognitionSettingsSchema.parse(opts), RetrySettingsSchema.parse(opts));
        printEnqueueReport(report, opened, opts.json);
      });
    });

  addQueueAddressOptions(queue.command('status').description('Jobs waiting, active, delayed (waiting to retry), completed and failed; each failure with its file and error'))
    .option('--json', 'print the status as JSON')
    .action(async (raw: unknown) => {
      const opts = parseFlags('queue status', AddressFlagsSchema, raw);
      await withQueue(opts, async (opened) => {
        const status = await queueStatus(opened.queue);
        if (opts.json) {
          console.log(JSON.stringify(status));
          return;
        }
        console.log(`${status.queue} at ${displayUrl(opened.address.redis)}: ${STATES.map((s) => `${s} ${status.counts[s]}`).join(', ')}`);
        for (const f of status.failures) console.log(`failed ${f.kind} ${f.about}: ${f.message} [${f.code}] (${f.attempts} ${f.attempts === 1 ? 'try' : 'tries'})`);
      });
    });

  addQueueAddressOptions(queue.command('results').description('Write <out>/results.jsonl for each results folder: one line per completed recognition job, from its result file'))
    .option('--json', 'print what was written as JSON')
    .action(async (raw: unknown) => {
      const opts = parseFlags('queue results', AddressFlagsSchema, raw);
      await withQueue(opts, async (opened) => {
        const logs = await writeResultLogs(opened.queue);
        if (opts.json) console.log(JSON.stringify(logs));
        else for (const log of logs) console.log(`wrote ${log.path}: ${log.lines} results${log.missing.length === 0 ? '' : `, ${log.missing.length} result files missing (${log.missing.slice(0, 3).join(', ')}${log.missing.length > 3 ? ', ...' : ''})`}`);
        if (logs.length === 0 && !opts.json) console.log('no completed recognition jobs');
      });
    });

  addQueueAddressOptions(queue.command('retry').description('Put every failed job back on the queue'))
    .action(async (raw: unknown) => {
      const opts = parseFlags('queue retry', AddressFlagsSchema, raw);
      await withQueue(opts, async (opened) => {
        const failed = await opened.queue.getFailedCount();
        await opened.queue.retryJobs({ state: 'failed' });
        console.log(`retrying ${failed} failed jobs on ${opened.address.queue}`);
      });
    });

  addQueueAddressOptions(queue.command('clean').description('Empty the queue (every job and its history; result files stay), or with --failed only drop the failed jobs'))
    .option('--failed', 'only remove the failed jobs')
    .option('--force', 'also remove active jobs (their workers then fail to finish them)')
    .action(async (raw: unknown) => {
      const opts = parseFlags('queue clean', CleanFlagsSchema, raw);
      await withQueue(opts, async (opened) => {
        if (opts.failed) {
          const removed = await opened.queue.clean(0, 0, 'failed');
          console.log(`removed ${removed.length} failed jobs from ${opened.address.queue}`);
          return;
        }
        await opened.queue.obliterate({ force: opts.force });
        console.log(`emptied ${opened.address.queue}`);
      });
    });
}
