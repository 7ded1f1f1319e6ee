/** `maskface serve`: the HTTP API and web page over a gallery (see docs/server.md). */
import type { Command } from 'commander';
import { z } from 'zod';
import { invalidArgument } from '../errors.js';
import { DETECTOR_KINDS } from '../face/index.js';
import { buildApp } from '../server/app.js';
import { assertSafeExposure, resolveServerConfig } from '../server/config.js';
import { openWorkerService } from '../server/worker-service.js';

const OptionsSchema = z.object({
  /** TCP port; 0 picks a free one. Default 3000. */
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on. Default 127.0.0.1. */
  host: z.string().min(1).default('127.0.0.1'),
  /** Gallery file (SQLite), created when missing. Default gallery.db. */
  gallery: z.string().min(1).default('gallery.db'),
  /** Embedder of a new gallery. Default faceres. */
  embedder: z.string().default('faceres'),
  /** Face detector. Default mtcnn. */
  detector: z.enum(DETECTOR_KINDS).default('mtcnn'),
  /** Enrol synthetic-masked copies of unmasked-only enrolments. Default true. */
  syntheticMasks: z.boolean().default(true),
  /** Cosine-similarity threshold overriding the gallery's calibrated one, in [-1, 1]. */
  threshold: z.coerce.number().min(-1).max(1).optional(),
  /** Key for routes that change data; default the MASKFACE_API_KEY environment variable. */
  apiKey: z.string().optional(),
  /** Largest uploaded file in MiB. Default 10. */
  maxUploadMb: z.coerce.number().positive().default(10),
  /** Log every request (JSON lines on stdout). Default false. */
  log: z.boolean().default(false),
});

export function register(program: Command): void {
  program
    .command('serve')
    .description('HTTP API and web page: recognise photos, enrol, list and remove people (GET /openapi.json documents it)')
    .option('--port <n>', 'TCP port (0: any free port)', '3000')
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option('--gallery <path>', 'gallery file (SQLite), created when missing', 'gallery.db')
    .option('--embedder <name>', 'embedder of a new gallery (faceres, dlib-resnet34)', 'faceres')
    .option('--detector <kind>', `face detector (${DETECTOR_KINDS.join(', ')})`, 'mtcnn')
    .option('--no-synthetic-masks', 'do not add synthetic masked samples when a person is enrolled from unmasked photos only')
    .option('--threshold <t>', "cosine similarity threshold (default: the gallery's calibrated one)")
    .option('--api-key <key>', 'key required in the x-api-key header to enrol and remove (default: $MASKFACE_API_KEY)')
    .option('--max-upload-mb <n>', 'largest uploaded file, MiB', '10')
    .option('--log', 'log every request')
    .action(async (raw: Record<string, unknown>) => {
      const parsed = OptionsSchema.safeParse({ ...raw, apiKey: raw.apiKey ?? process.env.MASKFACE_API_KEY });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw invalidArgument(`serve --${String(issue?.path[0])}`, issue?.message ?? 'a valid value', raw[String(issue?.path[0])]);
      }
      const opts = parsed.data;
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
      const service = await openWorkerService({
        galleryPath: opts.gallery,
        embedder: opts.embedder,
        detector: opts.detector,
        syntheticMasks: opts.syntheticMasks,
        ...(opts.threshold === undefined ? {} : { threshold: opts.threshold }),
        onWorkerExit: (code) => {
          console.error(`maskface: the recognition worker stopped (exit code ${code}); stopping the server.`);
          process.exit(1);
        },
      });
      const app = await buildApp({ service, config });
      const url = await app.listen({ port: config.port, host: config.host });
      const info = service.info;
      console.log(`maskface: listening on ${url} (gallery ${info.gallery}, ${info.detector} + ${info.embedder}, threshold ${info.threshold}${config.apiKey === undefined ? ', no API key' : ''})`);
      const stop = () => {
        app.close().then(() => process.exit(0), () => process.exit(1));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
