/** The queue's defaults, plain values, so that the commands' help loads neither zod nor BullMQ (issue 25). */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_QUEUE_NAME = 'maskface';
/** First retry of a failed job after this many ms, then twice as long each time (BullMQ's exponential backoff). */
export const DEFAULT_BACKOFF_MS = 2000;
/** Tries of a job before it stays failed. */
export const DEFAULT_ATTEMPTS = 3;
