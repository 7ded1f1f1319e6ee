/**
 * The `x-api-key` check for routes that change data. Keys are compared through their SHA-256
 * digests with `timingSafeEqual`, so neither the key's length nor its prefix leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { MaskfaceError } from '../errors.js';

export const API_KEY_HEADER = 'x-api-key';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Returns a preHandler that refuses requests without the key; with no key configured it lets all through. */
export function requireApiKey(apiKey: string | undefined): (request: FastifyRequest) => Promise<void> {
  const expected = apiKey === undefined ? undefined : digest(apiKey);
  return async (request) => {
    if (expected === undefined) return;
    const given = request.headers[API_KEY_HEADER];
    if (typeof given !== 'string' || given.length === 0) {
      throw new MaskfaceError('MF_UNAUTHORIZED', `this route changes data and needs the server's API key in the "${API_KEY_HEADER}" header.`);
    }
    if (!timingSafeEqual(digest(given), expected)) {
      throw new MaskfaceError('MF_UNAUTHORIZED', `wrong API key in the "${API_KEY_HEADER}" header: use the key the server was started with.`);
    }
  };
}
