/**
 * The HTTP service: `buildApp(options)` returns a ready-to-listen fastify instance (tests drive it
 * with `inject()`), wired to a `RecognitionService`. Routes live in routes/, the page in public/.
 */
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { MaskfaceError } from '../errors.js';
import { assertSafeExposure, resolveServerConfig, type ServerConfig, type ServerConfigInput } from './config.js';
import type { ServerContext } from './context.js';
import { BUSY_RETRY_AFTER_S, errorBody, internalErrorLine, toMaskfaceError } from './error-reply.js';
import { JobQueue } from './job-queue.js';
import { RequestMetrics } from './metrics.js';
import { registerPageRoutes } from './routes/page.js';
import { registerPeopleRoutes } from './routes/people.js';
import { registerRecognizeRoutes } from './routes/recognize.js';
import { registerStatusRoutes } from './routes/status.js';
import type { RecognitionService } from './service.js';

export interface BuildAppOptions {
  readonly service: RecognitionService;
  readonly config?: ServerConfigInput;
  /** Close the service when the app closes. Default true. */
  readonly closeService?: boolean;
  /** Called for each route as it is registered (the OpenAPI test lists routes with it). */
  readonly onRoute?: (method: string, url: string) => void;
}

/** Text fields are names: a kilobyte is plenty. */
const MAX_FIELD_BYTES = 1024;
/** Bodies that are not multipart (JSON) carry nothing this API reads. */
const MAX_PLAIN_BODY_BYTES = 64 * 1024;

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const config: ServerConfig = resolveServerConfig(options.config);
  assertSafeExposure(config);
  const app = Fastify({ logger: config.logRequests, bodyLimit: MAX_PLAIN_BODY_BYTES });
  const ctx: ServerContext = {
    service: options.service,
    config,
    jobs: new JobQueue(config.maxConcurrentJobs, config.maxQueuedJobs),
    metrics: new RequestMetrics(),
  };

  const onRoute = options.onRoute;
  if (onRoute !== undefined) {
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) onRoute(method, route.url);
    });
  }

  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: {
      fileSize: config.maxUploadBytes,
      files: config.maxEnrollPhotos,
      fields: 4,
      fieldSize: MAX_FIELD_BYTES,
      parts: config.maxEnrollPhotos + 4,
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url === undefined ? 'unmatched' : `${request.method} ${request.routeOptions.url}`;
    ctx.metrics.record(route, reply.statusCode, reply.elapsedTime);
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    return payload;
  });

  app.setErrorHandler(async (err, request, reply) => {
    const { error, internal } = toMaskfaceError(err, config);
    // The client reads "the server logged the details": they are logged with or without --log.
    // A full queue (503) is load, not a fault: only --log records it.
    if (internal && config.logRequests) request.log.error({ err }, 'request failed');
    else if (internal && error.status !== 503) process.stderr.write(internalErrorLine(request.method, request.url, error, err));
    if (error.code === 'MF_BUSY') reply.header('retry-after', String(BUSY_RETRY_AFTER_S));
    return reply.code(error.status).type('application/json; charset=utf-8').send(errorBody(error));
  });
  app.setNotFoundHandler(async (request, reply) => {
    const error = new MaskfaceError('MF_ROUTE_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}: see GET /openapi.json for the routes.`);
    return reply.code(error.status).send(errorBody(error));
  });

  registerStatusRoutes(app, ctx);
  registerRecognizeRoutes(app, ctx);
  registerPeopleRoutes(app, ctx);
  registerPageRoutes(app);

  if (options.closeService ?? true) app.addHook('onClose', async () => options.service.close());
  await app.ready();
  return app;
}
