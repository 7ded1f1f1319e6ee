/**
 * A queue worker: takes recognition and enrolment jobs from BullMQ and runs them (run-job.ts),
 * loading models once per process. BullMQ holds a lock on each active job and renews it from a
 * timer every `lockDuration / 2`; a worker that dies stops renewing, and another worker's stalled
 * check (every `stalledInterval`) puts the job back on the queue. The timer only fires when the
 * event loop is free, so the lock must outlast the longest stretch the loop is blocked: a photo's
 * recognition blocks it well under a second at a time (the `maxBlockMs` of each `completed` event
 * reports it), a video yields at every frame, and loading the models, the one long stretch, runs
 * under an explicitly extended lock (MODEL_LOAD_LOCK_MS).
 */
import { hostname } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { z } from 'zod';
import { type ErrorCode, isMaskfaceError } from '../errors.js';
import { JobDataSchema } from './jobs.js';
import { OpenedSources } from './opened-sources.js';
import { QueueAddressSchema, connectRedis } from './queue-connection.js';
import { type JobContext, runEnrolJob, runRecognizeJob } from './run-job.js';

/** Lock on an active job, in ms: renewed every half of it while the worker lives. */
export const DEFAULT_LOCK_MS = 30_000;
/** How often a worker looks for jobs whose worker died, in ms. */
export const DEFAULT_STALLED_INTERVAL_MS = 15_000;
/**
 * Lock while a job loads models, in ms. Loading yields often (its longest block was under 1.5 s at
 * load 7 on the 2-core machine) but a cold disk or a busier CPU could stretch it; a worker that
 * dies while loading delays its job by at most this long.
 */
export const MODEL_LOAD_LOCK_MS = 60_000;
/** Times a job may be put back after its worker died before it counts as failed. */
export const MAX_STALLED = 2;
/** Shortest gap between two progress reports of one job, in ms. */
const PROGRESS_EVERY_MS = 1000;

/** Errors that the same job would meet again on any worker: retrying them only wastes time. */
const PERMANENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['MF_INVALID_ARGUMENT', 'MF_UNREADABLE_IMAGE', 'MF_IMAGE_TOO_LARGE', 'MF_NO_FACE', 'MF_BAD_GALLERY']);

export const WorkerSettingsSchema = QueueAddressSchema.extend({
  /** Jobs this process runs at once; default 1 (recognition is CPU-bound: start one process per core instead). */
  concurrency: z.coerce.number().int().min(1).default(1),
  /** Lock on an active job in ms; default DEFAULT_LOCK_MS (30 s). */
  lockDuration: z.coerce.number().int().min(1000).default(DEFAULT_LOCK_MS),
  /** Stalled-job check interval in ms; default DEFAULT_STALLED_INTERVAL_MS (15 s). */
  stalledInterval: z.coerce.number().int().min(100).default(DEFAULT_STALLED_INTERVAL_MS),
});
export type WorkerSettings = z.output<typeof WorkerSettingsSchema>;

interface JobEvent { readonly jobId: string; readonly kind: string; readonly about: string; readonly attempt: number }

export type WorkerEvent =
  | { readonly event: 'ready'; readonly worker: string; readonly queue: string }
  | ({ readonly event: 'active' } & JobEvent)
  | ({ readonly event: 'progress'; readonly done: number; readonly total: number } & JobEvent)
  | ({ readonly event: 'completed'; readonly seconds: number; readonly maxBlockMs: number; readonly result?: string; readonly faces?: number } & JobEvent)
  | ({ readonly event: 'failed'; readonly code: string; readonly message: string; readonly retry: boolean } & JobEvent)
  | { readonly event: 'error'; readonly message: string };

export interface RunningWorker {
  /** `host:pid`, stored by BullMQ on the jobs it takes. */
  readonly name: string;
  /** Stops taking jobs, waits for the active ones, closes models and connections. */
  close(): Promise<void>;
}

export async function startWorker(settings: WorkerSettings, onEvent: (event: WorkerEvent) => void = () => undefined): Promise<RunningWorker> {
  const name = `${hostname()}:${process.pid}`;
  const client = await connectRedis(settings.redis);
  const sources = new OpenedSources();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();

  const process_ = async (job: Job, token?: string): Promise<unknown> => {
    const parsed = JobDataSchema.safeParse(job.data);
    const attempt = job.attemptsMade + 1;
    const about = parsed.success ? (parsed.data.kind === 'recognize' ? parsed.data.input : parsed.data.person) : String(job.id);
    const base: JobEvent = { jobId: String(job.id), kind: parsed.success ? parsed.data.kind : job.name, about, attempt };
    onEvent({ event: 'active', ...base });
    const started = performance.now();
    loopDelay.reset();
    let lastProgress = 0;
    const ctx: JobContext = {
      jobId: base.jobId,
      attempt,
      worker: name,
      sources,
      beforeLoading: async () => { if (token !== undefined) await job.extendLock(token, MODEL_LOAD_LOCK_MS); },
      progress: (done, total) => {
        const now = performance.now();
        if (done < total && now - lastProgress < PROGRESS_EVERY_MS) return;
        lastProgress = now;
        job.updateProgress({ done, total }).catch(() => undefined);
        onEvent({ event: 'progress', ...base, done, total });
      },
    };
    try {
      if (!parsed.success) throw new UnrecoverableError(`job ${job.id}: not a maskface job (${parsed.error.issues[0]?.message ?? 'bad data'})`);
      const result = parsed.data.kind === 'recognize' ? await runRecognizeJob(parsed.data, ctx) : await runEnrolJob(parsed.data, ctx);
      const extra = 'result' in result ? { result: result.result, faces: result.faces } : {};
      onEvent({ event: 'completed', ...base, seconds: (performance.now() - started) / 1000, maxBlockMs: loopDelay.max / 1e6, ...extra });
      return result;
    } catch (err) {
      const code = isMaskfaceError(err) ? err.code : err instanceof UnrecoverableError ? 'MF_INVALID_ARGUMENT' : 'MF_INTERNAL';
      const message = err instanceof Error ? err.message : String(err);
      const permanent = err instanceof UnrecoverableError || PERMANENT.has(code);
      await job.log(JSON.stringify({ attempt, code, message, worker: name })).catch(() => undefined);
      onEvent({ event: 'failed', ...base, code, message, retry: !permanent && attempt < (job.opts.attempts ?? 1) });
      throw permanent && !(err instanceof UnrecoverableError) ? new UnrecoverableError(message) : err;
    }
  };

  const worker = new Worker(settings.queue, process_, {
    connection: client,
    name,
    concurrency: settings.concurrency,
    lockDuration: settings.lockDuration,
    stalledInterval: settings.stalledInterval,
    maxStalledCount: MAX_STALLED,
  });
  worker.on('error', (err) => onEvent({ event: 'error', message: err.message }));
  await worker.waitUntilReady();
  onEvent({ event: 'ready', worker: name, queue: settings.queue });
  let closing: Promise<void> | undefined;
  return {
    name,
    close() {
      closing ??= (async () => {
        await worker.close();
        await sources.close();
        loopDelay.disable();
        client.disconnect();
      })();
      return closing;
    },
  };
}

/** The error code a failed job logged on its last try (`job.log` lines written above), if any. */
export function lastLoggedError(logs: readonly string[]): { code: string; message: string } | undefined {
  for (const line of [...logs].reverse()) {
    try {
      const parsed = z.object({ code: z.string(), message: z.string() }).safeParse(JSON.parse(line));
      if (parsed.success) return parsed.data;
    } catch {
      // a log line someone else wrote
    }
  }
  return undefined;
}
