/** What `maskface serve` does once its flags are parsed (serve.ts defines the flags and help, and loads this module only to run). */
import type { Command } from 'commander';
import { z } from 'zod';
import { invalidArgument, MaskfaceError } from '../errors.js';
import { DETECTOR_KINDS } from '../face/detector-kinds.js';
import { buildApp } from '../server/app.js';
import { assertSafeExposure, resolveServerConfig } from '../server/config.js';
import { openWorkerService } from '../server/worker-service.js';
import { DEFAULT_EMBEDDER } from '../recognize/embedder-names.js';
import { EmbedderNameSchema } from '../recognize/recognition-settings.js';

const OptionsSchema = z.object({
  /** TCP port; 0 picks a free one. Default 3000. */
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on. Default 127.0.0.1. */
  host: z.string().min(1).default('127.0.0.1'),
  /** Gallery: a SQLite file or a postgres:// URL, created when missing. Default gallery.db (when --model is not given). */
  gallery: z.string().min(1).optional(),
  /** Trained model folder (maskface train --out): recognise with it instead of a gallery, read only. */
  model: z.string().min(1).optional(),
  /** Embedder of a new gallery. Default DEFAULT_EMBEDDER (as `maskface enroll`). */
  embedder: EmbedderNameSchema.default(DEFAULT_EMBEDDER),
  /** Face detector. Default mtcnn. */
  detector: z.enum(DETECTOR_KINDS).default('mtcnn'),
  /** Enrol synthetic-masked copies of unmasked-only enrolments. Default true. */
  syntheticMasks: z.boolean().default(true),
  /** Threshold overriding the source's own: cosine similarity in [-1, 1] for a gallery, class probability in [0, 1] for a classifier model, cosine in [-1, 1] for an lda model. */
  threshold: z.coerce.number().min(-1).max(1).optional(),
  /** Key for routes that change data; default the MASKFACE_API_KEY environment variable. */
  apiKey: z.string().optional(),
  /** Largest uploaded file in MiB. Default 10. */
  maxUploadMb: z.coerce.number().positive().default(10),
  /** Log every request (JSON lines on stdout). Default false. */
  log: z.boolean().default(false),
});

const DEFAULT_GALLERY = 'gallery.db';

/**
 * `--model` serves a trained model; the gallery flags make no sense with it, so they are refused
 * rather than silently ignored. Runs before anything is loaded. (The threshold's range depends on
 * the model's kind: the model service checks it against model.json.)
 */
function checkModelFlags(opts: z.infer<typeof OptionsSchema>, command: Command): void {
  const given = (flag: string) => command.getOptionValueSource(flag) === 'cli';
  if (opts.gallery !== undefined) {
    throw new MaskfaceError(
      'MF_INVALID_ARGUMENT',
      'serve: --model and --gallery exclude each other. --model <dir> recognises with a trained model (read only: no enrolment); --gallery <file> serves a gallery you can enrol into. Give one of them.',
    );
  }
  for (const flag of ['embedder', 'syntheticMasks'] as const) {
    if (given(flag)) {
      const name = flag === 'embedder' ? '--embedder' : '--no-synthetic-masks';
      throw new MaskfaceError('MF_INVALID_ARGUMENT', `serve: ${name} is for galleries and has no effect with --model: leave it out.`);
    }
  }
}

export async function serve(raw: Record<string, unknown>, command: Command): Promise<void> {
  const parsed = OptionsSchema.safeParse({ ...raw, apiKey: raw.apiKey ?? process.env.MASKFACE_API_KEY });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidArgument(`serve --${String(issue?.path[0])}`, issue?.message ?? 'a valid value', raw[String(issue?.path[0])]);
  }
  const opts = parsed.data;
  if (opts.model !== undefined) checkModelFlags(opts, command);
  // Validate the server options before loading any model, so a bad flag fails at once.
  const config = resolveServerConfig({
    port: opts.port,
    host: opts.host,
    maxUploadBytes: Math.round(opts.maxUploadMb * 1024 * 1024),
    logRequests: opts.log,
    ...(opts.apiKey === undefined || opts.apiKey === '' ? {} : { apiKey: opts.apiKey }),
  });
  assertSafeExposure(config);
  // Recognition runs in a worker thread, so inference never stalls the HTTP event loop.
  const threshold = opts.threshold === undefined ? {} : { threshold: opts.threshold };
  const onWorkerExit = (code: number) => {
    console.error(`maskface: the recognition worker stopped (exit code ${code}); stopping the server.`);
    process.exit(1);
  };
  const service = await openWorkerService(
    opts.model === undefined
      ? { galleryPath: opts.gallery ?? DEFAULT_GALLERY, embedder: opts.embedder, detector: opts.detector, syntheticMasks: opts.syntheticMasks, ...threshold, onWorkerExit }
      : { modelDir: opts.model, detector: opts.detector, ...threshold, onWorkerExit },
  );
  const app = await buildApp({ service, config });
  const url = await app.listen({ port: config.port, host: config.host });
  const info = service.info;
  const source = info.source === 'gallery' ? `gallery ${info.gallery}` : `model ${info.model} (${info.classes} classes, read only)`;
  console.log(`maskface: listening on ${url} (${source}, ${info.detector} + ${info.embedder}, ${info.thresholds === undefined ? `threshold ${info.threshold}` : `threshold ${info.thresholds.unmasked} for unmasked faces, ${info.thresholds.masked} for masked ones`}${config.apiKey === undefined ? ', no API key' : ''})`);
  const stop = () => {
    app.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
