/**
 * Helpers of the queue benchmarks (bench/queue-scale.ts, bench/queue-kill-check.ts): a small LFW
 * gallery, LFW photos to recognise, `maskface worker` child processes whose JSON events are
 * collected, and waiting for a queue to finish.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { OpenedQueue } from '../src/queue/queue-connection.js';
import type { WorkerEvent } from '../src/queue/worker.js';
import { enrolPerson } from '../src/recognize/enrol.js';
import { openGallerySession } from '../src/recognize/session.js';

export const LFW = resolve(import.meta.dirname, '../../shared/datasets/lfw');
/** People enrolled in the benchmark gallery, and photos of each used for it. */
const GALLERY_PEOPLE = 10;
const ENROLMENT_PHOTOS = 2;

const people = (): string[] => readdirSync(LFW).sort();
const photosOf = (person: string): string[] => readdirSync(join(LFW, person)).sort().map((n) => join(LFW, person, n));

/** A gallery of the first GALLERY_PEOPLE LFW people in name order, ENROLMENT_PHOTOS photos each, without synthetic masks; returns who was enrolled. */
export async function makeGallery(path: string, embedder: string): Promise<string[]> {
  const session = await openGallerySession(path, { create: true, embedder });
  const enrolled: string[] = [];
  try {
    for (const person of people().slice(0, GALLERY_PEOPLE)) {
      const photos = photosOf(person);
      if (photos.length <= ENROLMENT_PHOTOS) continue;
      await enrolPerson(session, person, photos.slice(0, ENROLMENT_PHOTOS), { noSyntheticMasks: true });
      enrolled.push(person);
    }
  } finally {
    await session.close();
  }
  return enrolled;
}

/** `count` LFW photos, person by person in name order, leaving out the enrolment photos. */
export function lfwPhotos(count: number, enrolled: readonly string[]): string[] {
  const chosen: string[] = [];
  for (const person of people()) {
    const photos = photosOf(person).slice(enrolled.includes(person) ? ENROLMENT_PHOTOS : 0);
    chosen.push(...photos.slice(0, count - chosen.length));
    if (chosen.length === count) return chosen;
  }
  throw new Error(`LFW holds fewer than ${count} photos besides the enrolment photos`);
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly events: Array<WorkerEvent & { at: number }>;
  readonly exited: Promise<number | null>;
}

/** `maskface worker --json` on a queue; `onEvent` sees each event as it arrives. */
export function spawnWorker(redis: string, queue: string, extra: readonly string[] = [], onEvent: (e: WorkerEvent) => void = () => undefined): WorkerProcess {
  const bin = resolve(import.meta.dirname, '../bin/maskface.js');
  const child = spawn(process.execPath, [bin, 'worker', '--json', '--redis', redis, '--queue', queue, ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  const events: Array<WorkerEvent & { at: number }> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const event = JSON.parse(line) as WorkerEvent;
    events.push({ ...event, at: performance.now() });
    onEvent(event);
  });
  return { child, events, exited: new Promise((r) => child.on('exit', (code) => r(code))) };
}

/** Waits until every job is completed or failed; prints progress every 30 s. */
export async function waitForQueue(opened: OpenedQueue, jobs: number): Promise<Record<string, number>> {
  let lastPrint = performance.now();
  for (;;) {
    const counts = await opened.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    if ((counts.completed ?? 0) + (counts.failed ?? 0) >= jobs) return counts;
    if (performance.now() - lastPrint > 30_000) {
      console.error(`  ${JSON.stringify(counts)}`);
      lastPrint = performance.now();
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
