/**
 * The stranger cohort shipped with maskface: for each built-in encoder, the vectors of photos of
 * people nobody enrols (LFW people with fewer than 10 photos, each once as photographed and once
 * with a synthetic mask), made by `scripts/make-cohort.ts`. A gallery measures how high these
 * strangers score against its own people and sets its threshold from that
 * (src/recognize/cohort/cohort-calibration.ts), so it is calibrated from its first enrolment,
 * without the user's strangers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { MaskfaceError } from '../../errors.js';
import { l2Normalize } from '../similarity.js';
import { decodeHalfBase64 } from './float16.js';

export const COHORT_FORMAT = 'maskface-cohort';

export const CohortFileSchema = z.object({
  format: z.literal(COHORT_FORMAT),
  /** The script that wrote the file (never edited by hand). */
  generatedBy: z.string(),
  /** Encoder name whose vectors these are (`FaceEncoder.name`). */
  encoder: z.string(),
  dimension: z.number().int().positive(),
  /** Where the photos come from, and their licence. */
  source: z.string(),
  /** One label per vector: the photo (relative to the datasets folder) and the mask drawn on it, if any. */
  photos: z.array(z.string()),
  /** For a background cohort (people who shape a projection): the person of each vector. */
  people: z.array(z.string()).optional(),
  /** Little-endian float16 vectors, `photos.length x dimension`, base64. */
  vectors: z.string(),
});
export type CohortFile = z.infer<typeof CohortFileSchema>;

export interface Cohort {
  readonly encoder: string;
  readonly source: string;
  readonly labels: readonly string[];
  /** The person of each vector, for a background cohort. */
  readonly people?: readonly string[];
  /** Unit-length vectors. */
  readonly vectors: readonly Float32Array[];
}

const DATA_DIR = new URL('./data/', import.meta.url);

/** Names that cohort files are shipped under: built-in encoders and feature sets. */
const SHIPPED_NAME = /^[a-z0-9][a-z0-9+.-]*$/;

/** File of an encoder's cohort inside the package. */
export function cohortPath(encoder: string): string {
  return fileURLToPath(new URL(`${encoder}.generated.json`, DATA_DIR));
}

export function parseCohort(json: unknown, path: string): Cohort {
  const parsed = CohortFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MaskfaceError('MF_BAD_WEIGHTS', `${path}: not a maskface cohort file (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}). Regenerate it with \`node --import tsx scripts/make-cohort.ts\` or reinstall maskface.`, { file: path });
  }
  const file = parsed.data;
  const flat = decodeHalfBase64(file.vectors);
  if (flat.length !== file.photos.length * file.dimension) {
    throw new MaskfaceError('MF_BAD_WEIGHTS', `${path}: ${flat.length} numbers for ${file.photos.length} vectors of ${file.dimension}. Regenerate it with \`node --import tsx scripts/make-cohort.ts\`.`, { file: path });
  }
  const vectors = file.photos.map((_, i) => l2Normalize(flat.subarray(i * file.dimension, (i + 1) * file.dimension)));
  if (file.people !== undefined && file.people.length !== file.photos.length) {
    throw new MaskfaceError('MF_BAD_WEIGHTS', `${path}: ${file.people.length} people for ${file.photos.length} vectors. Regenerate it with \`node --import tsx scripts/make-cohort.ts\`.`, { file: path });
  }
  return { encoder: file.encoder, source: file.source, labels: file.photos, vectors, ...(file.people === undefined ? {} : { people: file.people }) };
}

/** The shipped cohort of an encoder, or undefined when maskface ships none for it. */
export function loadCohort(encoder: string): Cohort | undefined {
  // A user's model (`onnx:<file>`) has no shipped cohort; its name is no file name.
  if (!SHIPPED_NAME.test(encoder)) return undefined;
  const path = cohortPath(encoder);
  if (!existsSync(path)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new MaskfaceError('MF_BAD_WEIGHTS', `${path}: not JSON (${(err as Error).message}). Reinstall maskface or regenerate it with \`node --import tsx scripts/make-cohort.ts\`.`, { file: path });
  }
  const cohort = parseCohort(json, path);
  if (cohort.encoder !== encoder) throw new MaskfaceError('MF_BAD_WEIGHTS', `${path}: holds vectors of ${cohort.encoder}, not ${encoder}. Regenerate it with \`node --import tsx scripts/make-cohort.ts\`.`, { file: path });
  return cohort;
}
