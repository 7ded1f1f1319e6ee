/**
 * The two kinds of job on a maskface queue and what each carries. A job holds every path as an
 * absolute path and every setting that changes its result, so any worker on any machine that sees
 * the same files reaches the same result. Its id is a hash of what it is about (the file, its
 * bytes, the gallery, the settings, where results go): queuing the same work again adds nothing.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { EnrolmentSettingsSchema, RecognitionSettingsSchema } from '../recognize/recognition-settings.js';

export const RecognizeJobSchema = z.object({
  kind: z.literal('recognize'),
  /** Gallery location (file path or URL) or model folder, as `maskface recognize` takes it. */
  source: z.string().min(1),
  /** The photo or video, absolute. */
  input: z.string().refine(isAbsolute, 'an absolute path'),
  /** SHA-256 (hex) of the input's bytes when it was queued. */
  inputHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The output folder given when queuing, absolute: `output` and `result` lie under it, and its results.jsonl lists them. */
  out: z.string().refine(isAbsolute, 'an absolute path'),
  /** The annotated photo or video to write, absolute. */
  output: z.string().refine(isAbsolute, 'an absolute path'),
  /** The job's JSON result file, absolute. */
  result: z.string().refine(isAbsolute, 'an absolute path'),
  settings: RecognitionSettingsSchema,
});
export type RecognizeJob = z.output<typeof RecognizeJobSchema>;

export const EnrolJobSchema = z.object({
  kind: z.literal('enrol'),
  /** Gallery location (file path or URL). */
  gallery: z.string().min(1),
  person: z.string().min(1),
  /** The person's photos, absolute, sorted. */
  photos: z.array(z.string().refine(isAbsolute, 'an absolute path')).min(1),
  /** SHA-256 (hex) of each photo's bytes when it was queued, in the order of `photos`. */
  photoHashes: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
  settings: EnrolmentSettingsSchema,
});
export type EnrolJob = z.output<typeof EnrolJobSchema>;

export const JobDataSchema = z.discriminatedUnion('kind', [RecognizeJobSchema, EnrolJobSchema]);
export type JobData = z.output<typeof JobDataSchema>;

/** What a finished recognition job returns (kept by BullMQ with the completed job). */
export interface RecognizeJobResult {
  readonly kind: 'recognize';
  readonly input: string;
  readonly result: string;
  readonly output: string;
  readonly faces: number;
}

/** A job's id: its kind and a SHA-256 of what decides its result (40 hex digits are plenty). */
export function jobId(data: JobData): string {
  const { kind } = data;
  const about = kind === 'recognize'
    ? [data.source, data.input, data.inputHash, data.out, data.output, data.result, data.settings]
    : [data.gallery, data.person, data.photos, data.photoHashes, data.settings];
  return `${kind}-${createHash('sha256').update(JSON.stringify(about)).digest('hex').slice(0, 40)}`;
}

/** A gallery location as jobs hold it: a URL unchanged, a path made absolute. */
export function absoluteLocation(location: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location) ? location : resolve(location);
}

/** SHA-256 (hex) of a file, read as a stream (videos can be large). */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
