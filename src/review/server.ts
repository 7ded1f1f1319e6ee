/**
 * The local web server of `maskface review`: the page, the photos by id, the sheet as JSON and
 * a toggle that saves review.json. Listens on 127.0.0.1 unless told otherwise.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { MaskfaceError, isMaskfaceError } from '../errors.js';
import { readReview } from '../data/review-file.js';
import { REVIEW_FILE } from '../data/manifest.js';
import { loadContactSheet, toggleExcluded, type ContactSheet } from './contact-sheet.js';
import { reviewPageHtml } from './page.js';

export interface ReviewServerOptions {
  /** The prepared folder (holding manifest.json). */
  readonly dir: string;
  /** TCP port; default 0 (any free port). */
  readonly port?: number;
  /** Interface to listen on; default 127.0.0.1 (this machine only). */
  readonly host?: string;
}

export interface ReviewServer {
  readonly url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.gif': 'image/gif', '.bmp': 'image/bmp', '.tif': 'image/tiff', '.tiff': 'image/tiff' };
const MAX_BODY_BYTES = 4096;

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > MAX_BODY_BYTES) throw new MaskfaceError('MF_PAYLOAD_TOO_LARGE', `request body over ${MAX_BODY_BYTES} bytes; send {"id": <number>}.`);
  }
  return body;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

export async function startReviewServer(options: ReviewServerOptions): Promise<ReviewServer> {
  const sheet: ContactSheet = await loadContactSheet(options.dir);
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/') return send(res, 200, 'text/html; charset=utf-8', reviewPageHtml(options.dir));
    if (req.method === 'GET' && path === '/api/sheet') {
      const excluded = await readReview(join(options.dir, REVIEW_FILE));
      const photos = sheet.photos.map((p) => ({ id: p.id, source: p.source, group: p.group, split: p.split, excluded: excluded.has(p.source) }));
      return send(res, 200, 'application/json', JSON.stringify({ dir: sheet.dir, people: sheet.people, photos }));
    }
    const photoMatch = /^\/photo\/(\d+)$/.exec(path);
    if (req.method === 'GET' && photoMatch) {
      const photo = sheet.photos[Number(photoMatch[1])];
      if (!photo) return send(res, 404, 'text/plain', 'no such photo');
      const bytes = await readFile(photo.file).catch(() => undefined);
      if (!bytes) return send(res, 404, 'text/plain', `${photo.file}: missing`);
      return send(res, 200, CONTENT_TYPES[extname(photo.file).toLowerCase()] ?? 'application/octet-stream', bytes);
    }
    if (req.method === 'POST' && path === '/api/toggle') {
      let id: unknown;
      try {
        id = (JSON.parse(await readBody(req)) as { id?: unknown }).id;
      } catch (err) {
        if (isMaskfaceError(err)) throw err;
      }
      const photo = typeof id === 'number' ? sheet.photos[id] : undefined;
      if (!photo) return send(res, 400, 'text/plain', 'expected {"id": <photo id from /api/sheet>}');
      const result = await serial(() => toggleExcluded(options.dir, photo.source));
      return send(res, 200, 'application/json', JSON.stringify(result));
    }
    send(res, 404, 'text/plain', 'not found');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = isMaskfaceError(err) ? err.status : 500;
      if (!res.headersSent) send(res, status, 'text/plain', err instanceof Error ? err.message : String(err));
      else res.end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
