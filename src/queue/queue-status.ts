/**
 * What is on a queue: counts by state, each failed job with its file and last error, and the
 * JSON-lines log of the results. The log is rebuilt from the per-job result files of the completed
 * jobs, one line per job id, and written atomically: workers never append to a shared file, so it
 * cannot hold a duplicate or torn line even when a job ran twice (a worker killed after writing).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Queue } from 'bullmq';
import { writeFileAtomic } from '../image/io.js';
import { JobDataSchema } from './jobs.js';
import { lastLoggedError } from './worker.js';

export const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;
export type QueueCounts = Record<(typeof STATES)[number], number>;

export interface FailedJob {
  readonly jobId: string;
  readonly kind: string;
  /** The photo or video, or the person. */
  readonly about: string;
  readonly code: string;
  readonly message: string;
  readonly attempts: number;
}

export interface QueueStatus {
  readonly queue: string;
  readonly counts: QueueCounts;
  readonly failures: readonly FailedJob[];
}

/** Jobs read per round trip. */
const PAGE = 500;

async function* jobsIn(queue: Queue, state: 'completed' | 'failed'): AsyncGenerator<Awaited<ReturnType<Queue['getJobs']>>[number]> {
  for (let start = 0; ; start += PAGE) {
    const page = await queue.getJobs(state, start, start + PAGE - 1, true);
    for (const job of page) if (job !== undefined) yield job;
    if (page.length < PAGE) return;
  }
}

export async function queueStatus(queue: Queue): Promise<QueueStatus> {
  const raw = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed');
  const counts: QueueCounts = {
    waiting: (raw.waiting ?? 0) + (raw.prioritized ?? 0),
    active: raw.active ?? 0,
    delayed: raw.delayed ?? 0,
    completed: raw.completed ?? 0,
    failed: raw.failed ?? 0,
  };
  const failures: FailedJob[] = [];
  for await (const job of jobsIn(queue, 'failed')) {
    const data = JobDataSchema.safeParse(job.data);
    const logged = lastLoggedError((await queue.getJobLogs(String(job.id))).logs);
    failures.push({
      jobId: String(job.id),
      kind: job.name,
      about: data.success ? (data.data.kind === 'recognize' ? data.data.input : data.data.person) : String(job.id),
      code: logged?.code ?? 'MF_INTERNAL',
      message: logged?.message ?? job.failedReason,
      attempts: job.attemptsMade,
    });
  }
  return { queue: queue.name, counts, failures };
}

export interface ResultLog {
  /** The `results.jsonl` written. */
  readonly path: string;
  readonly lines: number;
  /** Completed jobs whose result file is missing or unreadable. */
  readonly missing: readonly string[];
}

/**
 * Writes `<out>/results.jsonl` for every output folder of the queue's completed recognition jobs:
 * one line per job (its result file), sorted by input path.
 */
export async function writeResultLogs(queue: Queue): Promise<ResultLog[]> {
  const byDir = new Map<string, Array<{ input: string; result: string }>>();
  for await (const job of jobsIn(queue, 'completed')) {
    const data = JobDataSchema.safeParse(job.data);
    if (!data.success || data.data.kind !== 'recognize') continue;
    const list = byDir.get(data.data.out) ?? [];
    list.push({ input: data.data.input, result: data.data.result });
    byDir.set(data.data.out, list);
  }
  const logs: ResultLog[] = [];
  for (const [dir, jobs] of [...byDir].sort(([a], [b]) => a.localeCompare(b))) {
    jobs.sort((a, b) => a.input.localeCompare(b.input));
    const lines: string[] = [];
    const missing: string[] = [];
    for (const { result } of jobs) {
      try {
        lines.push(JSON.stringify(JSON.parse(await readFile(result, 'utf8'))));
      } catch {
        missing.push(result);
      }
    }
    const path = join(dir, 'results.jsonl');
    await writeFileAtomic(path, lines.map((l) => `${l}\n`).join(''));
    logs.push({ path, lines: lines.length, missing });
  }
  return logs;
}
