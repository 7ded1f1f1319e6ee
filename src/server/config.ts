/**
 * Server options: one zod schema is the source of the type; `resolveServerConfig` validates what
 * the CLI or a caller gives and fills defaults into a new frozen object.
 */
import { z } from 'zod';
import { MaskfaceError } from '../errors.js';

export const ServerConfigSchema = z.object({
  /** TCP port; 0 picks a free one. Default 3000. */
  port: z.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on. Default 127.0.0.1 (loopback only). */
  host: z.string().min(1).default('127.0.0.1'),
  /**
   * Key required in the `x-api-key` header of routes that change data (enrol, remove). Without it
   * those routes are open, which is refused unless the server listens on loopback only.
   */
  apiKey: z.string().min(8, 'an API key has at least 8 characters').optional(),
  /** Largest uploaded file, in bytes. Default 10 MiB. */
  maxUploadBytes: z.number().int().positive().default(10 * 1024 * 1024),
  /** Largest photo accepted, in pixels (width x height). Default 16,777,216 (4096 x 4096). */
  maxImagePixels: z.number().int().positive().default(4096 * 4096),
  /** Largest side of an accepted photo, in pixels. Default 8192. */
  maxImageSide: z.number().int().positive().default(8192),
  /** Most photos in one enrolment request. Default 20. */
  maxEnrollPhotos: z.number().int().positive().default(20),
  /** Recognitions and enrolments running at once (they share the CPU). Default 1. */
  maxConcurrentJobs: z.number().int().positive().default(1),
  /**
   * Requests allowed to wait for a job slot; beyond that the server answers 503 `MF_BUSY`. Default 64:
   * each waiting request holds its upload in memory (up to maxUploadBytes a file), so this bounds memory.
   */
  maxQueuedJobs: z.number().int().nonnegative().default(64),
  /** Log requests with fastify's logger (pino). Default false. */
  logRequests: z.boolean().default(false),
});

export type ServerConfigInput = z.input<typeof ServerConfigSchema>;
export type ServerConfig = Readonly<z.output<typeof ServerConfigSchema>>;

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host);
}

export function resolveServerConfig(input: ServerConfigInput = {}): ServerConfig {
  const parsed = ServerConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') ?? 'options';
    throw new MaskfaceError('MF_INVALID_ARGUMENT', `server option ${where}: ${issue?.message ?? 'invalid'}.`);
  }
  return Object.freeze({ ...parsed.data });
}

/** Refuses to expose the data-changing routes to the network without a key. */
export function assertSafeExposure(config: ServerConfig): void {
  if (config.apiKey === undefined && !isLoopbackHost(config.host)) {
    throw new MaskfaceError(
      'MF_INVALID_ARGUMENT',
      `listening on ${config.host} without an API key would let anyone on the network enrol and remove people. ` +
        'Give --api-key KEY (or set MASKFACE_API_KEY), or listen on 127.0.0.1.',
    );
  }
}
