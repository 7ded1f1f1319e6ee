/**
 * The web page: plain HTML, CSS and one script from src/server/public/, no build step. The files are
 * read once at start-up and served with a strict Content-Security-Policy (same-origin scripts only).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

export const PAGE_ASSETS: ReadonlyArray<{ readonly route: string; readonly file: string; readonly type: string }> = [
  { route: '/', file: 'index.html', type: 'text/html; charset=utf-8' },
  { route: '/app.js', file: 'app.js', type: 'text/javascript; charset=utf-8' },
  { route: '/style.css', file: 'style.css', type: 'text/css; charset=utf-8' },
];

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function registerPageRoutes(app: FastifyInstance): void {
  for (const asset of PAGE_ASSETS) {
    const body = readFileSync(`${PUBLIC_DIR}${asset.file}`);
    app.get(asset.route, async (_request, reply) =>
      reply.type(asset.type).header('content-security-policy', CONTENT_SECURITY_POLICY).header('cache-control', 'no-cache').send(body),
    );
  }
}
