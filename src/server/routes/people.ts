/**
 * Enrol (`POST /people`), list (`GET /people`) and remove (`DELETE /people/:name`) people. A server
 * over a trained model lists the model's classes and answers the changing routes `409 MF_READ_ONLY`
 * before anything else (key or body): no request could succeed there, so the client hears why.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MaskfaceError } from '../../errors.js';
import { requireApiKey } from '../api-key.js';
import type { ServerContext } from '../context.js';
import { decodeImage } from '../../image/io.js';
import { checkUpload } from '../decode-upload.js';
import { readMultipartForm } from '../multipart.js';
import { validateNameToRemove, validatePersonName } from '../../recognize/person-name.js';
import { readOnlyError, type EnrolPhoto } from '../service.js';

export const NAME_FIELD = 'name';
export const PHOTOS_FIELD = 'photos';

export function registerPeopleRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const limits = { maxPixels: ctx.config.maxImagePixels, maxSide: ctx.config.maxImageSide };
  const checkKey = requireApiKey(ctx.config.apiKey);
  const changesData = async (request: FastifyRequest) => {
    const { info } = ctx.service;
    if (info.source === 'model') throw readOnlyError(info);
    await checkKey(request);
  };

  app.get('/people', async () => ({ people: await ctx.service.listPeople() }));

  app.post('/people', { preHandler: changesData }, async (request, reply) => {
    const form = await readMultipartForm(request, { textFields: [NAME_FIELD], fileFields: [PHOTOS_FIELD] });
    const name = validatePersonName(form.fields.get(NAME_FIELD));
    if (form.files.length === 0) {
      throw new MaskfaceError('MF_MISSING_FIELD', `field "${PHOTOS_FIELD}" is missing: send one or more photos of ${name} as multipart files named "${PHOTOS_FIELD}".`);
    }
    const labels = form.files.map((upload, i) => (upload.filename === '' ? `${PHOTOS_FIELD}[${i}]` : upload.filename));
    for (const [i, upload] of form.files.entries()) await checkUpload(upload.data, labels[i]!, limits);
    const result = await ctx.jobs.run(async () => {
      const photos: EnrolPhoto[] = [];
      for (const [i, upload] of form.files.entries()) {
        const sha256 = createHash('sha256').update(upload.data).digest('hex');
        photos.push({ image: await decodeImage(upload.data, labels[i]!), label: labels[i]!, sha256 });
      }
      return ctx.service.enroll(name, photos);
    });
    return reply.code(201).send(result);
  });

  app.delete<{ Params: { name: string } }>('/people/:name', { preHandler: changesData }, async (request) => {
    const name = validateNameToRemove(request.params.name);
    await ctx.jobs.run(() => ctx.service.removePerson(name));
    return { removed: name };
  });
}
