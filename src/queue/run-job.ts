/**
 * What a worker does with one job, with the same library calls as the commands: a recognition job
 * is `maskface recognize` on one file (openRecognizer + recognizeMedia), its annotated copy and a
 * JSON result file written atomically (temporary file, then rename), so a reader or a retry never
 * meets half a file; an enrolment job is `maskface enroll` for one person.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MaskfaceError } from '../errors.js';
import { writeFileAtomic } from '../image/io.js';
import { type EnrolReport, enrolPerson } from '../recognize/enrol.js';
import { displayLocation } from '../recognize/open-gallery.js';
import { mediaOptions } from '../recognize/recognition-settings.js';
import { type MediaSummary, type PhotoRecord, recognizeMedia } from '../recognize/recognize-media.js';
import type { FaceRecord } from '../recognize/video/recognize-video.js';
import { type EnrolJob, type RecognizeJob, type RecognizeJobResult, hashFile } from './jobs.js';
import type { OpenedSources } from './opened-sources.js';

/** The per-job result file: the job, and every face as `maskface recognize --json` prints it. */
export interface RecognizeResultFile {
  readonly jobId: string;
  readonly kind: 'recognize';
  /** The gallery or model folder, a URL's password hidden. */
  readonly source: string;
  readonly input: string;
  readonly inputHash: string;
  readonly output: string;
  readonly settings: RecognizeJob['settings'];
  /** One per face (photos) or per face per frame (videos). */
  readonly records: ReadonlyArray<PhotoRecord | FaceRecord>;
  readonly summary: MediaSummary;
  /** Which worker wrote it, on which try. */
  readonly worker: string;
  readonly attempt: number;
  readonly finishedAt: string;
}

export interface JobContext {
  readonly jobId: string;
  readonly attempt: number;
  /** `host:pid` of this worker. */
  readonly worker: string;
  readonly sources: OpenedSources;
  /** Called before models are loaded for this job (the worker extends the job's lock then). */
  beforeLoading(): Promise<void>;
  /** Frames (videos) or photos done so far. */
  progress(done: number, total: number): void;
}

export async function runRecognizeJob(job: RecognizeJob, ctx: JobContext): Promise<RecognizeJobResult> {
  const hash = await hashFile(job.input).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new MaskfaceError('MF_FILE_NOT_FOUND', `${job.input}: no such file on worker ${ctx.worker}. Workers need the same paths as the machine that queued the job.`, { file: job.input });
    throw err;
  });
  if (hash !== job.inputHash) throw new MaskfaceError('MF_INVALID_ARGUMENT', `${job.input}: changed since it was queued (SHA-256 ${hash.slice(0, 12)}..., queued ${job.inputHash.slice(0, 12)}...). Queue it again.`, { file: job.input });
  const records: Array<PhotoRecord | FaceRecord> = [];
  await mkdir(dirname(job.output), { recursive: true });
  const summary = await ctx.sources.withRecognizer(job.source, job.settings, () => ctx.beforeLoading(), (opened) =>
    recognizeMedia(job.input, job.output, opened.detector, opened.recognizer, mediaOptions(job.settings, {
      onRecord: (r) => records.push(r),
      onPhotoRecord: (r) => records.push(r),
      onFrame: (done, total) => ctx.progress(done, total),
    })));
  const file: RecognizeResultFile = {
    jobId: ctx.jobId, kind: 'recognize', source: displayLocation(job.source), input: job.input, inputHash: job.inputHash, output: job.output, settings: job.settings,
    records, summary, worker: ctx.worker, attempt: ctx.attempt, finishedAt: new Date().toISOString(),
  };
  await writeFileAtomic(job.result, `${JSON.stringify(file)}\n`);
  return { kind: 'recognize', input: job.input, result: job.result, output: job.output, faces: records.length };
}

export async function runEnrolJob(job: EnrolJob, ctx: JobContext): Promise<EnrolReport> {
  for (const [i, photo] of job.photos.entries()) {
    if ((await hashFile(photo)) !== job.photoHashes[i]) throw new MaskfaceError('MF_INVALID_ARGUMENT', `${photo}: changed since it was queued. Queue the enrolment again.`, { file: photo });
  }
  const report = await ctx.sources.withEnrolSession(job.gallery, job.settings, () => ctx.beforeLoading(), (session) =>
    enrolPerson(session, job.person, job.photos, { minFaceScore: job.settings.minFaceScore, noSyntheticMasks: !job.settings.syntheticMasks }));
  ctx.sources.changed(job.gallery);
  ctx.progress(1, 1);
  return report;
}
