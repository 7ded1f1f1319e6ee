/**
 * Putting work on the queue: one recognition job per photo or video (folders walked), one enrolment
 * job per person of a folder-per-person dataset. A job already on the queue (same id) is left as
 * it is, whatever its state, so a rerun of the same command adds only what is new.
 */
import { type Stats, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import type { Queue } from 'bullmq';
import { fileNotFound, invalidArgument } from '../errors.js';
import { isImagePath } from '../image/io.js';
import type { EnrolmentSettings, RecognitionSettings } from '../recognize/recognition-settings.js';
import { isVideoPath } from '../recognize/recognize-media.js';
import { type JobData, absoluteLocation, hashFile, jobId } from './jobs.js';
import type { RetrySettings } from './queue-settings.js';

/** Jobs added to Redis per round trip. */
const ADD_BATCH = 200;

export { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, RetrySettingsSchema, type RetrySettings } from './queue-settings.js';

export interface QueuedJob {
  readonly id: string;
  /** The photo or video, or the person. */
  readonly about: string;
  /** `added` now, or the state it already had (`completed`, `failed`, `waiting`, ...). */
  readonly state: string;
}

export interface EnqueueReport {
  readonly added: number;
  readonly jobs: readonly QueuedJob[];
}

function statOrThrow(path: string): Stats {
  try {
    return statSync(path);
  } catch {
    throw fileNotFound(path, 'Give photos, videos or folders of them.');
  }
}

function walk(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) found.push(...walk(path));
    else if (stat.isFile() && (isImagePath(path) || isVideoPath(path))) found.push(path);
  }
  return found;
}

/** Every photo and video of the inputs with where its results go: `<out>/<path inside the folder given>` (or `<out>/<file name>`). */
export function mediaTargets(inputs: readonly string[], out: string): Array<{ input: string; output: string }> {
  const targets = new Map<string, string>();
  for (const given of inputs) {
    const path = resolve(given);
    const files = statOrThrow(path).isDirectory() ? walk(path).map((f) => ({ input: f, rel: relative(path, f) })) : [{ input: path, rel: basename(path) }];
    for (const { input, rel } of files) {
      if (!isImagePath(input) && !isVideoPath(input)) throw invalidArgument('input', 'a photo (JPEG, PNG, WebP, GIF, TIFF), a video or a folder', given);
      const output = join(resolve(out), rel);
      const clash = targets.get(output);
      if (clash !== undefined && clash !== input) throw invalidArgument('inputs', `files whose results go to different places; ${clash} and ${input} would both write ${output}`, inputs);
      targets.set(output, input);
    }
  }
  return [...targets].map(([output, input]) => ({ input, output }));
}

async function addJobs(queue: Queue, jobs: ReadonlyArray<{ data: JobData; about: string }>, retry: RetrySettings): Promise<EnqueueReport> {
  const report: QueuedJob[] = [];
  const toAdd: Array<{ name: string; data: JobData; opts: object }> = [];
  for (const { data, about } of jobs) {
    const id = jobId(data);
    const existing = await queue.getJob(id);
    if (existing !== undefined) {
      report.push({ id, about, state: await existing.getState() });
      continue;
    }
    report.push({ id, about, state: 'added' });
    toAdd.push({ name: data.kind, data, opts: { jobId: id, attempts: retry.attempts, backoff: { type: 'exponential', delay: retry.backoff } } });
  }
  for (let i = 0; i < toAdd.length; i += ADD_BATCH) await queue.addBulk(toAdd.slice(i, i + ADD_BATCH));
  return { added: toAdd.length, jobs: report };
}

/** One recognition job per photo or video under `inputs`; results under `out` (see `mediaTargets`). */
export async function queueRecognition(queue: Queue, source: string, inputs: readonly string[], out: string, settings: RecognitionSettings, retry: RetrySettings): Promise<EnqueueReport> {
  const jobs: Array<{ data: JobData; about: string }> = [];
  for (const { input, output } of mediaTargets(inputs, out)) {
    if (settings.faceCrops && isVideoPath(input)) throw invalidArgument('--face-crops', 'photos or a folder of photos (a video is detected frame by frame)', input);
    const data: JobData = { kind: 'recognize', source: absoluteLocation(source), input, inputHash: await hashFile(input), out: resolve(out), output, result: `${output}.json`, settings };
    jobs.push({ data, about: input });
  }
  return addJobs(queue, jobs, retry);
}

/** The people of a folder-per-person dataset (`<dir>/<person>/<photos>`), each with their photos, sorted. */
export function peopleOf(dir: string): Array<{ person: string; photos: string[] }> {
  const root = resolve(dir);
  if (!statOrThrow(root).isDirectory()) throw invalidArgument('enroll --queue', 'a folder with one folder of photos per person', dir);
  const people: Array<{ person: string; photos: string[] }> = [];
  for (const person of readdirSync(root).sort()) {
    const folder = join(root, person);
    if (!statSync(folder).isDirectory()) continue;
    const photos = readdirSync(folder).sort().map((n) => join(folder, n)).filter((p) => isImagePath(p) && statSync(p).isFile());
    if (photos.length > 0) people.push({ person, photos });
  }
  if (people.length === 0) throw invalidArgument('enroll --queue', 'a folder with one folder of photos per person', dir);
  return people;
}

/** One enrolment job per person of `dir` (folder per person). */
export async function queueEnrolment(queue: Queue, gallery: string, dir: string, settings: EnrolmentSettings, retry: RetrySettings): Promise<EnqueueReport> {
  const jobs: Array<{ data: JobData; about: string }> = [];
  for (const { person, photos } of peopleOf(dir)) {
    const photoHashes: string[] = [];
    for (const photo of photos) photoHashes.push(await hashFile(photo));
    jobs.push({ data: { kind: 'enrol', gallery: absoluteLocation(gallery), person, photos, photoHashes, settings }, about: person });
  }
  return addJobs(queue, jobs, retry);
}
