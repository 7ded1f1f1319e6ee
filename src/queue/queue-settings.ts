/**
 * Where a queue lives and how its jobs are retried: the schemas and defaults only, apart from
 * BullMQ and ioredis, so that the commands' options and help load neither (issue 25).
 */
import { z } from 'zod';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_QUEUE_NAME = 'maskface';

export const QueueAddressSchema = z.object({
  /** Redis server holding the queue, as a redis:// or rediss:// URL; default DEFAULT_REDIS_URL. */
  redis: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').default(DEFAULT_REDIS_URL),
  /** Queue name (letters, digits, `.`, `_`, `-`: BullMQ keys are joined with `:`); default DEFAULT_QUEUE_NAME. */
  queue: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" or "-"').default(DEFAULT_QUEUE_NAME),
});
export type QueueAddress = z.output<typeof QueueAddressSchema>;

/** First retry of a failed job after this many ms, then twice as long each time (BullMQ's exponential backoff). */
export const DEFAULT_BACKOFF_MS = 2000;
/** Tries of a job before it stays failed. */
export const DEFAULT_ATTEMPTS = 3;

export const RetrySettingsSchema = z.object({
  /** Tries of each job, the first included; default DEFAULT_ATTEMPTS (3). */
  attempts: z.coerce.number().int().min(1).default(DEFAULT_ATTEMPTS),
  /** Wait before the first retry in ms, doubled for each later one; default DEFAULT_BACKOFF_MS (2000). */
  backoff: z.coerce.number().int().min(0).default(DEFAULT_BACKOFF_MS),
});
export type RetrySettings = z.output<typeof RetrySettingsSchema>;
