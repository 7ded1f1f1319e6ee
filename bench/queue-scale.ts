/**
 * Photos per second through the queue with 1, 2 and 4 `maskface worker` processes on this machine
 * (issue 16). For each worker count: a fresh queue, the workers started, the LFW photos queued, and
 * the rate measured from the moment every worker has finished its first job (models loaded) to the
 * last completion; the wall time from queuing, model loading included, is shown too.
 *
 *   node --import tsx bench/queue-scale.ts [--photos 200] [--workers 1,2,4] [--embedder faceres+upper+dlib-resnet34]
 *     [--redis redis://127.0.0.1:6379]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { queueRecognition } from '../src/queue/enqueue.js';
import { DEFAULT_REDIS_URL, openQueue } from '../src/queue/queue-connection.js';
import { DEFAULT_EMBEDDER } from '../src/recognize/embedder-names.js';
import { RecognitionSettingsSchema } from '../src/recognize/recognition-settings.js';
import { lfwPhotos, makeGallery, spawnWorker, waitForQueue } from './queue-common.js';

const { values } = parseArgs({
  options: {
    photos: { type: 'string', default: '200' },
    workers: { type: 'string', default: '1,2,4' },
    embedder: { type: 'string', default: DEFAULT_EMBEDDER },
    redis: { type: 'string', default: DEFAULT_REDIS_URL },
  },
});
const photoCount = Number(values.photos);
const workerCounts = values.workers.split(',').map(Number);
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');

const dir = mkdtempSync(join(tmpdir(), 'maskface-queue-scale-'));
try {
  const gallery = join(dir, 'gallery.db');
  const enrolled = await makeGallery(gallery, values.embedder);
  const photos = lfwPhotos(photoCount, enrolled);
  console.log(`queue scaling: ${photos.length} LFW photos, gallery of ${enrolled.length} people (${values.embedder}), ${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, load average ${load()} at start`);
  const rows: string[] = [];
  for (const workers of workerCounts) {
    const opened = await openQueue({ redis: values.redis, queue: `maskface-bench-scale-${process.pid}-${workers}` });
    const procs = Array.from({ length: workers }, () => spawnWorker(values.redis, opened.address.queue));
    try {
      const started = performance.now();
      await queueRecognition(opened.queue, gallery, photos, join(dir, `out-${workers}`), RecognitionSettingsSchema.parse({}), { attempts: 3, backoff: 1000 });
      const counts = await waitForQueue(opened, photos.length);
      const ended = performance.now();
      const completions = procs.flatMap((p) => p.events.filter((e) => e.event === 'completed').map((e) => e.at)).sort((a, b) => a - b);
      // Steady state: after the slowest worker's first job (its models loaded).
      const warm = Math.max(...procs.map((p) => p.events.find((e) => e.event === 'completed')?.at ?? ended));
      const steady = completions.filter((t) => t > warm);
      const rate = steady.length < 2 ? Number.NaN : (steady.length - 1) / ((steady.at(-1)! - steady[0]!) / 1000);
      const wall = (ended - started) / 1000;
      const row = `| ${workers} | ${rate.toFixed(2)} | ${(photos.length / wall).toFixed(2)} | ${wall.toFixed(0)} | ${counts.completed ?? 0} / ${counts.failed ?? 0} | ${load()} |`;
      console.log(row);
      rows.push(row);
    } finally {
      for (const p of procs) p.child.kill('SIGTERM');
      await Promise.all(procs.map((p) => p.exited));
      await opened.queue.obliterate({ force: true });
      await opened.close();
    }
  }
  console.log('\n| workers | photos/s, steady (models loaded) | photos/s, wall incl. loading | wall s | completed / failed | load average after (1, 5, 15 min) |');
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
