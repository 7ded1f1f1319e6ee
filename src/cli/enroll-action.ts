/** What `maskface enroll` does once its flags are parsed (enroll.ts defines the flags and help, and loads this module only to run). */
import { z } from 'zod';
import { invalidArgument } from '../errors.js';
import { validatePersonName } from '../recognize/person-name.js';
import { QueueAddressSchema, RetrySettingsSchema } from '../queue/queue-settings.js';
import { EnrolmentSettingsSchema } from '../recognize/recognition-settings.js';
import { parseFlags } from './recognize-options.js';
import { isOnnxEmbedder } from '../recognize/embedder-names.js';

const OptionsSchema = EnrolmentSettingsSchema.extend(RetrySettingsSchema.shape).extend({
  json: z.boolean().default(false),
  /** Queue the enrolment (true: the default queue name) instead of enrolling now. */
  queue: z.union([z.boolean(), z.string()]).optional(),
  redis: QueueAddressSchema.shape.redis,
});

export async function enroll(galleryPath: string, name: string, photos: string[], raw: unknown): Promise<void> {
  const opts = parseFlags('enroll', OptionsSchema, raw);
  if (opts.queue !== undefined && opts.queue !== false) {
    if (photos.length > 0) throw invalidArgument('enroll --queue', 'a gallery and one folder (one folder of photos per person)', [name, ...photos]);
    // Loaded here, not at the top: `enroll --help` needs none of BullMQ, sharp or the models.
    const [{ queueEnrolment }, { openQueue }, { canonicalOnnxEmbedder, newGalleryCrop }, { openGallery }, { printEnqueueReport }] = await Promise.all([
      import('../queue/enqueue.js'), import('../queue/queue-connection.js'), import('../recognize/face-encoder.js'), import('../recognize/open-gallery.js'), import('./queue.js'),
    ]);
    // Created here, once, so that workers never race to create the same new gallery.
    const embedder = isOnnxEmbedder(opts.embedder) ? await canonicalOnnxEmbedder(opts.embedder) : opts.embedder;
    const crop = newGalleryCrop(embedder);
    await (await openGallery(galleryPath, { create: true, embedder, ...(crop === undefined ? {} : { crop }) })).close();
    const opened = await openQueue(QueueAddressSchema.parse({ redis: opts.redis, ...(typeof opts.queue === 'string' ? { queue: opts.queue } : {}) }));
    try {
      printEnqueueReport(await queueEnrolment(opened.queue, galleryPath, name, EnrolmentSettingsSchema.parse(opts), RetrySettingsSchema.parse(opts)), opened, opts.json);
    } finally {
      await opened.close();
    }
    return;
  }
  if (photos.length === 0) throw invalidArgument('enroll', 'at least one photo of the person', photos);
  // The name and the photos are checked before the models load (seconds).
  validatePersonName(name.trim());
  const [{ assertPhotoFile }, { enrolPerson }, { loadMaskSynthesizer }, { openGallerySession }] = await Promise.all([
    import('../image/io.js'), import('../recognize/enrol.js'), import('../recognize/landmark-mask-synthesizer.js'), import('../recognize/session.js'),
  ]);
  const synthesizer = opts.syntheticMasks ? { maskSynthesizer: () => loadMaskSynthesizer() } : {};
  for (const photo of photos) await assertPhotoFile(photo);
  const session = await openGallerySession(galleryPath, { create: true, embedder: opts.embedder, ...synthesizer });
  try {
    const report = await enrolPerson(session, name, photos, { minFaceScore: opts.minFaceScore, noSyntheticMasks: !opts.syntheticMasks });
    if (opts.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(`${report.name}: added ${report.added.unmasked} unmasked, ${report.added.masked} masked, ${report.added['synthetic-masked']} synthetic-masked samples (${report.samples} in all) to ${session.gallery.location}`);
    }
  } finally {
    await session.close();
  }
}
