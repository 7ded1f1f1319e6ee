/** `POST /recognize`: every face of one uploaded photo, with a name or `unknown`. */
import type { FastifyInstance } from 'fastify';
import { MaskfaceError } from '../../errors.js';
import type { ServerContext } from '../context.js';
import { decodeImage } from '../../image/io.js';
import { checkUpload } from '../decode-upload.js';
import { readMultipartForm } from '../multipart.js';

export const PHOTO_FIELD = 'photo';

export function registerRecognizeRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const limits = { maxPixels: ctx.config.maxImagePixels, maxSide: ctx.config.maxImageSide };
  app.post('/recognize', async (request) => {
    const form = await readMultipartForm(request, { textFields: [], fileFields: [PHOTO_FIELD] });
    const [upload, ...extra] = form.files;
    if (upload === undefined) {
      throw new MaskfaceError('MF_MISSING_FIELD', `field "${PHOTO_FIELD}" is missing: send the photo as a multipart file field named "${PHOTO_FIELD}".`);
    }
    if (extra.length > 0) {
      throw new MaskfaceError('MF_INVALID_ARGUMENT', `expected one "${PHOTO_FIELD}" file, received ${form.files.length}: recognise one photo per request.`);
    }
    const label = upload.filename === '' ? PHOTO_FIELD : upload.filename;
    await checkUpload(upload.data, label, limits);
    return ctx.jobs.run(async () => {
      const started = performance.now();
      const image = await decodeImage(upload.data, label);
      const faces = await ctx.service.recognize(image);
      return { width: image.width, height: image.height, faces, elapsedMs: Math.round(performance.now() - started) };
    });
  });
}
