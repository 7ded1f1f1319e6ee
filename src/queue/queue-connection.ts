/**
 * Where a queue lives: a Redis URL and a queue name. BullMQ 6 loads its Redis driver with
 * `require`, which native ESM lacks, so maskface hands it a connected ioredis client instead.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { MaskfaceError } from '../errors.js';

import type { QueueAddress } from './queue-settings.js';

export { DEFAULT_QUEUE_NAME, DEFAULT_REDIS_URL, QueueAddressSchema, type QueueAddress } from './queue-settings.js';

/** The URL without its password, for messages. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/**
 * A connected client. BullMQ needs `maxRetriesPerRequest: null` (its blocking reads wait for jobs);
 * the first connection is tried once so a wrong URL fails at once, later drops are retried.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const client = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
  // Reconnects are ioredis's job; the cause of a failed first connection (ECONNREFUSED, ...) comes here.
  let cause: Error | undefined;
  client.on('error', (err: Error) => { cause = err; });
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    const reason = (cause ?? (err as Error)).message;
    throw new MaskfaceError('MF_QUEUE_UNREACHABLE', `cannot reach Redis at ${displayUrl(url)} (${reason}). Start redis-server or give --redis redis://host:port.`, { cause: cause ?? err });
  }
  return client;
}

export interface OpenedQueue {
  readonly queue: Queue;
  readonly address: QueueAddress;
  close(): Promise<void>;
}

export async function openQueue(address: QueueAddress): Promise<OpenedQueue> {
  const client = await connectRedis(address.redis);
  const queue = new Queue(address.queue, { connection: client });
  return {
    queue,
    address,
    async close() {
      await queue.close();
      client.disconnect();
    },
  };
}
