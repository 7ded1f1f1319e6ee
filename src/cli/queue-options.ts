/** The flags that say which queue a command talks to, and how its jobs are retried. */
import type { Command } from 'commander';
import { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, DEFAULT_QUEUE_NAME, DEFAULT_REDIS_URL } from '../queue/queue-defaults.js';

/** Adds --redis (QueueAddressSchema.redis). */
export function addRedisOption(command: Command): Command {
  return command.option('--redis <url>', 'Redis server holding the queue', DEFAULT_REDIS_URL);
}

/** Adds --redis and --queue (QueueAddressSchema). */
export function addQueueAddressOptions(command: Command): Command {
  return addRedisOption(command).option('--queue <name>', 'queue name', DEFAULT_QUEUE_NAME);
}

/** Adds --attempts and --backoff (RetrySettingsSchema). */
export function addRetryOptions(command: Command): Command {
  return command
    .option('--attempts <n>', 'tries of each job before it stays failed', String(DEFAULT_ATTEMPTS))
    .option('--backoff <ms>', 'wait before the first retry, doubled for each later one', String(DEFAULT_BACKOFF_MS));
}
