/**
 * Where a queue lives and how its jobs are retried: the schemas only, apart from BullMQ and ioredis,
 * so that a command checks its flags before either loads (issue 25).
 */
import { z } from 'zod';
import { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, DEFAULT_QUEUE_NAME, DEFAULT_REDIS_URL } from './queue-defaults.js';

export { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, DEFAULT_QUEUE_NAME, DEFAULT_REDIS_URL } from './queue-defaults.js';

export const QueueAddressSchema = z.object({
  /** Redis server holding the queue, as a redis:// or rediss:// URL; default DEFAULT_REDIS_URL. */
  redis: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').default(DEFAULT_REDIS_URL),
  /** Queue name (letters, digits, `.`, `_`, `-`: BullMQ keys are joined with `:`); default DEFAULT_QUEUE_NAME. */
  queue: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" or "-"').default(DEFAULT_QUEUE_NAME),
});
export type QueueAddress = z.output<typeof QueueAddressSchema>;

export const RetrySettingsSchema = z.object({
  /** Tries of each job, the first included; default DEFAULT_ATTEMPTS (3). */
  attempts: z.coerce.number().int().min(1).default(DEFAULT_ATTEMPTS),
  /** Wait before the first retry in ms, doubled for each later one; default DEFAULT_BACKOFF_MS (2000). */
  backoff: z.coerce.number().int().min(0).default(DEFAULT_BACKOFF_MS),
});
export type RetrySettings = z.output<typeof RetrySettingsSchema>;
