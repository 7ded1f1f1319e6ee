import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { enrolPerson } from '../recognize/enrol.js';
import { openRecognizer } from '../recognize/open-recognizer.js';
import { RecognitionSettingsSchema, mediaOptions } from '../recognize/recognition-settings.js';
import { type PhotoRecord, recognizeMedia } from '../recognize/recognize-media.js';
import { openGallerySession } from '../recognize/session.js';
import { mediaTargets, queueRecognition } from './enqueue.js';
import { DEFAULT_REDIS_URL, type OpenedQueue, openQueue } from './queue-connection.js';
import { queueStatus, writeResultLogs } from './queue-status.js';
import type { RecognizeResultFile } from './run-job.js';
import { type WorkerEvent, startWorker } from './worker.js';

const LFW = resolve('../shared/datasets/lfw');
const REDIS = process.env.MASKFACE_TEST_REDIS ?? DEFAULT_REDIS_URL;
/** Locks and stalled checks short enough that a killed worker's job comes back within seconds. */
const TEST_LOCK_MS = 4000;
const TEST_STALLED_INTERVAL_MS = 1000;
/** How long a test waits for its jobs, in ms (the workers load their models first, on a shared 2-core CPU). */
const JOBS_TIMEOUT_MS = 150_000;
const SETTINGS = RecognitionSettingsSchema.parse({});

const dir = mkdtempSync(join(tmpdir(), 'maskface-queue-'));
const gallery = join(dir, 'g.db');
const probes = join(dir, 'probes');
/** `maskface recognize`'s records for each probe, by the library, in this process. */
const expected = new Map<string, PhotoRecord[]>();
const queues: OpenedQueue[] = [];

/** A queue of its own for each test, emptied and removed at the end. */
async function freshQueue(tag: string): Promise<OpenedQueue> {
  const opened = await openQueue({ redis: REDIS, queue: `maskface-test-${tag}-${process.pid}-${Date.now()}` });
  queues.push(opened);
  return opened;
}

async function waitForJobs(opened: OpenedQueue, done: (counts: Record<string, number>) => boolean): Promise<Record<string, number>> {
  const deadline = Date.now() + JOBS_TIMEOUT_MS;
  for (;;) {
    const counts = await opened.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    if (done(counts)) return counts;
    if (Date.now() > deadline) throw new Error(`jobs not done in time: ${JSON.stringify(counts)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

before(async () => {
  // A tiny gallery of two LFW people (plain faceres, no synthetic masks: the fastest encoder).
  const session = await openGallerySession(gallery, { create: true, embedder: 'faceres' });
  try {
    for (const person of ['Colin_Powell', 'Gloria_Macapagal_Arroyo']) {
      const photos = readdirSync(join(LFW, person)).sort().slice(0, 2).map((n) => join(LFW, person, n));
      await enrolPerson(session, person, photos, { noSyntheticMasks: true });
    }
  } finally {
    await session.close();
  }
  // Six probes: other photos of both, and two strangers.
  mkdirSync(probes);
  for (const [person, count] of [['Colin_Powell', 2], ['Gloria_Macapagal_Arroyo', 2], ['Adrien_Brody', 1], ['Bill_Gates', 1]] as const) {
    for (const name of readdirSync(join(LFW, person)).sort().slice(-count)) symlinkSync(join(LFW, person, name), join(probes, name));
  }
  const opened = await openRecognizer(gallery, { detector: SETTINGS.detector });
  try {
    for (const name of readdirSync(probes).sort()) {
      const records: PhotoRecord[] = [];
      await recognizeMedia(join(probes, name), undefined, opened.detector, opened.recognizer, mediaOptions(SETTINGS, { onPhotoRecord: (r) => records.push(r) }));
      expected.set(join(probes, name), records);
    }
  } finally {
    await opened.close();
  }
});

after(async () => {
  for (const opened of queues) {
    await opened.queue.obliterate({ force: true });
    await opened.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

function readResults(out: string): RecognizeResultFile[] {
  return readdirSync(out).filter((n) => n.endsWith('.jpg.json')).map((n) => JSON.parse(readFileSync(join(out, n), 'utf8')) as RecognizeResultFile);
}

test('queue + worker: one result file and annotated photo per photo, the same faces, names and scores as maskface recognize; re-queuing adds nothing; a bad photo fails with its code', async () => {
  const opened = await freshQueue('roundtrip');
  const out = join(dir, 'out-roundtrip');
  const photos = [...expected.keys()].slice(0, 3);
  const bad = join(dir, 'broken.jpg');
  writeFileSync(bad, 'not a jpeg');
  const report = await queueRecognition(opened.queue, gallery, [...photos, bad], out, SETTINGS, { attempts: 3, backoff: 100 });
  assert.equal(report.added, 4);
  const events: WorkerEvent[] = [];
  const worker = await startWorker({ redis: REDIS, queue: opened.address.queue, concurrency: 1, lockDuration: 30_000, stalledInterval: 5000 }, (e) => events.push(e));
  try {
    await waitForJobs(opened, (c) => c.completed === 3 && c.failed === 1);
  } finally {
    await worker.close();
  }
  const results = readResults(out);
  assert.equal(results.length, 3);
  for (const result of results) {
    assert.deepEqual(result.records, expected.get(result.input), result.input);
    assert.ok(readdirSync(out).includes(basename(result.input)), `annotated ${result.input}`);
  }
  assert.ok(events.some((e) => e.event === 'progress'));
  const again = await queueRecognition(opened.queue, gallery, photos, out, SETTINGS, { attempts: 3, backoff: 100 });
  assert.equal(again.added, 0);
  assert.deepEqual(again.jobs.map((j) => j.state), ['completed', 'completed', 'completed']);
  const status = await queueStatus(opened.queue);
  assert.deepEqual(status.counts, { waiting: 0, active: 0, delayed: 0, completed: 3, failed: 1 });
  assert.equal(status.failures[0]?.about, bad);
  assert.equal(status.failures[0]?.code, 'MF_UNREADABLE_IMAGE');
  assert.equal(status.failures[0]?.attempts, 1, 'an unreadable photo is not retried');
  const [log] = await writeResultLogs(opened.queue);
  assert.equal(log?.lines, 3);
  const lines = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RecognizeResultFile);
  assert.deepEqual(lines.map((l) => l.input), [...photos].sort());
});

interface WorkerProcess { readonly child: ChildProcess; readonly events: WorkerEvent[]; readonly exited: Promise<number | null> }

/** `maskface worker` as a child process, its JSON events collected; `onEvent` sees each as it comes. */
function spawnWorker(queue: string, onEvent: (e: WorkerEvent) => void = () => undefined): WorkerProcess {
  const child = spawn(process.execPath, ['bin/maskface.js', 'worker', '--json', '--redis', REDIS, '--queue', queue,
    '--lock-duration', String(TEST_LOCK_MS), '--stalled-interval', String(TEST_STALLED_INTERVAL_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const events: WorkerEvent[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const event = JSON.parse(line) as WorkerEvent;
    events.push(event);
    onEvent(event);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, events, exited };
}

test('two worker processes, one killed with SIGKILL in the middle of a recognition: every job finishes exactly once, with one whole result file each', async () => {
  const opened = await freshQueue('kill');
  const out = join(dir, 'out-kill');
  let killedJob: string | undefined;
  let started = 0;
  // Killed on its second job: the first loads the models, the second is pure recognition work.
  const a: WorkerProcess = spawnWorker(opened.address.queue, (e) => {
    if (e.event !== 'active' || ++started !== 2) return;
    killedJob = e.jobId;
    a.child.kill('SIGKILL');
  });
  const b = spawnWorker(opened.address.queue);
  try {
    const report = await queueRecognition(opened.queue, gallery, [probes], out, SETTINGS, { attempts: 3, backoff: 100 });
    assert.equal(report.added, expected.size);
    const counts = await waitForJobs(opened, (c) => (c.completed ?? 0) + (c.failed ?? 0) === expected.size);
    assert.equal(await a.exited, null, 'worker A was killed');
    assert.ok(killedJob !== undefined);
    assert.deepEqual(counts, { waiting: 0, active: 0, delayed: 0, completed: expected.size, failed: 0 });
  } finally {
    a.child.kill('SIGKILL');
    b.child.kill('SIGTERM');
    await b.exited;
  }
  const results = readResults(out);
  assert.equal(results.length, expected.size, 'one result file per job');
  assert.equal(new Set(results.map((r) => r.jobId)).size, expected.size);
  for (const result of results) assert.deepEqual(result.records, expected.get(result.input), result.input);
  const rescued = results.find((r) => r.jobId === killedJob);
  assert.ok(rescued !== undefined && b.events.some((e) => e.event === 'completed' && e.jobId === killedJob), 'the killed job was finished by the other worker');
});

test('an unreachable Redis is refused with MF_QUEUE_UNREACHABLE and the cause; two inputs writing the same result are refused before anything is queued', async () => {
  await assert.rejects(openQueue({ redis: 'redis://127.0.0.1:1', queue: 'maskface-test-nowhere' }), (err: Error & { code?: string }) => err.code === 'MF_QUEUE_UNREACHABLE' && err.message.includes('ECONNREFUSED'));
  const other = join(dir, 'other');
  mkdirSync(other);
  const first = [...expected.keys()][0]!;
  symlinkSync(first, join(other, basename(first)));
  assert.throws(() => mediaTargets([probes, other], join(dir, 'out-clash')), { code: 'MF_INVALID_ARGUMENT' });
  assert.deepEqual(mediaTargets([probes], '/results').map((t) => t.output), [...expected.keys()].map((p) => join('/results', basename(p))));
});
