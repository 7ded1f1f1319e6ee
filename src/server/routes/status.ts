/** `GET /health`, `GET /metrics` and `GET /openapi.json`: cheap routes that never wait for a job slot. */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { buildOpenApiDocument } from '../openapi.js';

export const SERVER_VERSION = '0.1.0';

export function registerStatusRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const openapi = buildOpenApiDocument(ctx.config);

  app.get('/health', async () => ({
    status: 'ok',
    version: SERVER_VERSION,
    uptimeS: Math.round((Date.now() - ctx.metrics.startedAt) / 1000),
    service: ctx.service.info,
  }));

  app.get('/metrics', async () => {
    const memory = process.memoryUsage();
    return {
      uptimeS: Math.round((Date.now() - ctx.metrics.startedAt) / 1000),
      requests: ctx.metrics.summary(),
      jobs: { active: ctx.jobs.active, queued: ctx.jobs.queued },
      memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, externalBytes: memory.external, arrayBuffersBytes: memory.arrayBuffers },
      tensors: ctx.service.tensorCount(),
    };
  });

  app.get('/openapi.json', async () => openapi);
}
