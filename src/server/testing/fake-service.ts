/**
 * For tests only: an in-memory `RecognitionService` and a multipart body builder for `inject()`.
 * The fake "recognises" one face in the middle of any photo and names it after the first enrolled
 * person, so route tests run in milliseconds without models.
 */
import { MaskfaceError } from '../../errors.js';
import type { RgbImage } from '../../image/types.js';
import type { EnrollResult, PersonSummary, RecognitionService, RecognizedFace } from '../service.js';

export interface FakeService extends RecognitionService {
  /** Photos seen by `recognize` and `enroll`, in order. */
  readonly seen: RgbImage[];
  /** Milliseconds each call waits, to test queueing. */
  delayMs: number;
}

export function createFakeService(): FakeService {
  const people = new Map<string, { photos: number; enrolledAt: string }>();
  const seen: RgbImage[] = [];
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const service: FakeService = {
    seen,
    delayMs: 0,
    info: { source: 'gallery', detector: 'fake-detector', embedder: 'fake-embedder', gallery: 'memory', threshold: 0.5 },
    async recognize(image) {
      seen.push(image);
      await pause(service.delayMs);
      const first = [...people.keys()][0];
      const face: RecognizedFace = {
        box: { x: image.width / 4, y: image.height / 4, width: image.width / 2, height: image.height / 2 },
        detectionScore: 0.99,
        name: first ?? 'unknown',
        confidence: first === undefined ? 0.2 : 0.8,
        threshold: 0.5,
        masked: true,
        maskScore: 0.9,
      };
      return [face];
    },
    async enroll(name, photos): Promise<EnrollResult> {
      seen.push(...photos.map((p) => p.image));
      await pause(service.delayMs);
      const before = people.get(name);
      people.set(name, { photos: (before?.photos ?? 0) + photos.length, enrolledAt: before?.enrolledAt ?? new Date().toISOString() });
      return { name, photos: photos.length, embeddings: photos.length };
    },
    async listPeople(): Promise<PersonSummary[]> {
      return [...people].sort(([a], [b]) => a.localeCompare(b)).map(([name, p]) => ({ name, photos: p.photos, embeddings: p.photos, enrolledAt: p.enrolledAt }));
    },
    async removePerson(name) {
      if (!people.delete(name)) throw new MaskfaceError('MF_UNKNOWN_PERSON', `no person named ${JSON.stringify(name)} in the gallery.`);
    },
    tensorCount: () => 0,
    async close() {},
  };
  return service;
}

export interface FormPart {
  readonly name: string;
  /** A text field's value, or a file's bytes. */
  readonly value: string | Uint8Array;
  /** Set for files. */
  readonly filename?: string;
  readonly contentType?: string;
}

/** A multipart/form-data payload and its headers, for `app.inject()`. */
export function multipart(parts: readonly FormPart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----maskface${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = part.filename === undefined
      ? `form-data; name="${part.name}"`
      : `form-data; name="${part.name}"; filename="${part.filename}"`;
    const type = part.filename === undefined ? '' : `Content-Type: ${part.contentType ?? 'application/octet-stream'}\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    chunks.push(typeof part.value === 'string' ? Buffer.from(part.value) : Buffer.from(part.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
