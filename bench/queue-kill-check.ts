/**
 * Issue 16's check: N LFW photos (default 1,000) queued, two `maskface worker` processes started,
 * one killed with SIGKILL half way (at its first job after half the photos are done, in the middle
 * of a recognition); the other must finish everything. Then every photo must have exactly one
 * whole result file, BullMQ must count every job completed exactly once, and each result must hold
 * the same faces, names and scores as the recognize library (`openRecognizer` + `recognizeMedia`,
 * what `maskface recognize` runs) on the same gallery, run here in this process.
 *
 *   node --import tsx bench/queue-kill-check.ts [--photos 1000] [--embedder faceres+upper+dlib-resnet34]
 *     [--redis redis://127.0.0.1:6379] [--lock-duration 10000] [--stalled-interval 2000]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { queueRecognition } from '../src/queue/enqueue.js';
import { DEFAULT_REDIS_URL, openQueue } from '../src/queue/queue-connection.js';
import type { RecognizeResultFile } from '../src/queue/run-job.js';
import { DEFAULT_EMBEDDER } from '../src/recognize/embedder-names.js';
import { openRecognizer } from '../src/recognize/open-recognizer.js';
import { RecognitionSettingsSchema, mediaOptions, recognizerOptions } from '../src/recognize/recognition-settings.js';
import { type PhotoRecord, recognizeMedia } from '../src/recognize/recognize-media.js';
import { lfwPhotos, makeGallery, spawnWorker, waitForQueue } from './queue-common.js';

const { values } = parseArgs({
  options: {
    photos: { type: 'string', default: '1000' },
    embedder: { type: 'string', default: DEFAULT_EMBEDDER },
    redis: { type: 'string', default: DEFAULT_REDIS_URL },
    'lock-duration': { type: 'string', default: '10000' },
    'stalled-interval': { type: 'string', default: '2000' },
  },
});
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');
const settings = RecognitionSettingsSchema.parse({});
const dir = mkdtempSync(join(tmpdir(), 'maskface-kill-check-'));
const problems: string[] = [];
try {
  const gallery = join(dir, 'gallery.db');
  const enrolled = await makeGallery(gallery, values.embedder);
  const photos = lfwPhotos(Number(values.photos), enrolled);
  const out = join(dir, 'out');
  console.log(`kill check: ${photos.length} LFW photos, gallery of ${enrolled.length} people (${values.embedder}), ${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, load average ${load()}`);
  const opened = await openQueue({ redis: values.redis, queue: `maskface-bench-kill-${process.pid}` });
  const started = performance.now();
  let completed = 0;
  let killed: string | undefined;
  const flags = ['--lock-duration', values['lock-duration'], '--stalled-interval', values['stalled-interval']];
  const victim = spawnWorker(values.redis, opened.address.queue, flags, (e) => {
    if (e.event === 'active' && killed === undefined && completed >= photos.length / 2) {
      killed = e.jobId;
      victim.child.kill('SIGKILL');
      console.log(`  SIGKILL to worker A at ${((performance.now() - started) / 1000).toFixed(0)} s, in job ${e.about} (${completed} done)`);
    }
  });
  const survivor = spawnWorker(values.redis, opened.address.queue, flags);
  const countCompleted = (): void => {
    completed = [victim, survivor].reduce((n, p) => n + p.events.filter((e) => e.event === 'completed').length, 0);
  };
  const counter = setInterval(countCompleted, 100);
  try {
    const report = await queueRecognition(opened.queue, gallery, photos, out, settings, { attempts: 3, backoff: 1000 });
    if (report.added !== photos.length) problems.push(`queued ${report.added} of ${photos.length}`);
    const counts = await waitForQueue(opened, photos.length);
    const seconds = (performance.now() - started) / 1000;
    console.log(`  queue done in ${seconds.toFixed(0)} s (${(photos.length / seconds).toFixed(2)} photos/s): ${JSON.stringify(counts)}; load average ${load()}`);
    if (killed === undefined) problems.push('worker A was never killed');
    if (counts.completed !== photos.length || counts.failed !== 0) problems.push(`BullMQ counts ${JSON.stringify(counts)}, expected ${photos.length} completed`);
    const rescued = survivor.events.some((e) => e.event === 'completed' && e.jobId === killed);
    console.log(`  the killed job ${rescued ? 'was finished by worker B' : 'was NOT finished by worker B'}; worker A completed ${victim.events.filter((e) => e.event === 'completed').length}, worker B ${survivor.events.filter((e) => e.event === 'completed').length} jobs`);
    if (!rescued) problems.push('the killed job was not finished by the other worker');
  } finally {
    clearInterval(counter);
    victim.child.kill('SIGKILL');
    survivor.child.kill('SIGTERM');
    await Promise.all([victim.exited, survivor.exited]);
    await opened.queue.obliterate({ force: true });
    await opened.close();
  }

  // Exactly one whole result file per photo, each with the library's records.
  const files = readdirSync(out).filter((n) => n.endsWith('.json'));
  const results = new Map<string, RecognizeResultFile>();
  for (const name of files) {
    try {
      const result = JSON.parse(readFileSync(join(out, name), 'utf8')) as RecognizeResultFile;
      if (results.has(result.input)) problems.push(`two result files for ${result.input}`);
      results.set(result.input, result);
    } catch {
      problems.push(`torn result file ${name}`);
    }
  }
  if (files.length !== photos.length) problems.push(`${files.length} result files for ${photos.length} photos`);
  const referenceStarted = performance.now();
  const opened2 = await openRecognizer(gallery, recognizerOptions(settings));
  let same = 0;
  let faces = 0;
  try {
    for (const photo of photos) {
      const records: PhotoRecord[] = [];
      await recognizeMedia(photo, undefined, opened2.detector, opened2.recognizer, mediaOptions(settings, { onPhotoRecord: (r) => records.push(r) }));
      faces += records.length;
      if (isDeepStrictEqual(results.get(photo)?.records, records)) same++;
      else problems.push(`${photo}: queue ${JSON.stringify(results.get(photo)?.records.map((r) => [r.name, r.confidence]))} vs library ${JSON.stringify(records.map((r) => [r.name, r.confidence]))}`);
    }
  } finally {
    await opened2.close();
  }
  console.log(`  library run over the same photos: ${((performance.now() - referenceStarted) / 1000).toFixed(0)} s; ${same} of ${photos.length} results identical (${faces} faces: names, scores, boxes, mask flags)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (problems.length > 0) {
  console.log(`FAILED: ${problems.length} problems\n${problems.slice(0, 20).join('\n')}`);
  process.exit(1);
}
console.log('passed: every photo has exactly one result, identical to maskface recognize');
