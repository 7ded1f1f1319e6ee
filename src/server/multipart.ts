/**
 * Reads a multipart form into memory, part by part: text fields and files of the expected names.
 * Size and count limits are the multipart plugin's (set in app.ts), so an oversized upload fails
 * while streaming, before it is held in memory whole.
 */
import type { FastifyRequest } from 'fastify';
import { MaskfaceError } from '../errors.js';

export interface UploadedFile {
  readonly field: string;
  readonly filename: string;
  readonly data: Buffer;
}

export interface MultipartForm {
  readonly fields: ReadonlyMap<string, string>;
  readonly files: readonly UploadedFile[];
}

export interface FormSpec {
  /** Text fields the route reads. */
  readonly textFields: readonly string[];
  /** File fields the route reads. */
  readonly fileFields: readonly string[];
}

export async function readMultipartForm(request: FastifyRequest, spec: FormSpec): Promise<MultipartForm> {
  if (!request.isMultipart()) {
    const expected = [...spec.fileFields, ...spec.textFields].map((f) => `"${f}"`).join(', ');
    throw new MaskfaceError(
      'MF_MISSING_FIELD',
      `expected a multipart/form-data body with ${expected}, received content-type ${JSON.stringify(request.headers['content-type'] ?? 'none')}.`,
    );
  }
  const fields = new Map<string, string>();
  const files: UploadedFile[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        // Drain the stream even when the field is refused, so the connection stays usable.
        const data = await part.toBuffer();
        if (!spec.fileFields.includes(part.fieldname)) throw unexpectedField(part.fieldname, spec);
        files.push({ field: part.fieldname, filename: part.filename, data });
      } else {
        if (!spec.textFields.includes(part.fieldname)) throw unexpectedField(part.fieldname, spec);
        fields.set(part.fieldname, String(part.value));
      }
    }
  } catch (err) {
    throw malformed(err);
  }
  return { fields, files };
}

/**
 * The multipart parser (busboy) throws plain errors for a body it cannot split: no boundary in the
 * content-type, no closing boundary ("Unexpected end of form"), a broken part header. Those are the
 * client's, so they answer 400, not 500 MF_INTERNAL (issue 25). The plugin's own limit errors
 * (`FST_*`, answered 413 by error-reply.ts) and ours pass through.
 */
function malformed(err: unknown): unknown {
  if (err instanceof MaskfaceError) return err;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('FST_')) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new MaskfaceError('MF_BAD_MULTIPART', `the multipart/form-data body is malformed (${reason}): send a complete form with the boundary of its content-type, as browsers and \`curl -F\` do.`, { cause: err });
}

function unexpectedField(field: string, spec: FormSpec): MaskfaceError {
  const known = [...spec.fileFields.map((f) => `file "${f}"`), ...spec.textFields.map((f) => `text "${f}"`)].join(', ');
  return new MaskfaceError('MF_INVALID_ARGUMENT', `unexpected form field ${JSON.stringify(field)}: this route reads ${known}.`);
}
