/** `maskface review <prepared-dir>`: the manual cleaning pass as a local web page. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { MaskfaceError } from '../errors.js';
import { startReviewServer } from '../review/index.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new MaskfaceError('MF_INVALID_ARGUMENT', `--port: expected a whole number from 0 to 65535, received "${value}".`);
  return n;
}

export function register(program: Command): void {
  program
    .command('review <prepared-dir>')
    .description('contact sheets of a prepared dataset in the browser; click photos to exclude them (saved to review.json)')
    .option('--port <n>', 'port to listen on (0: any free port)', port, 8765)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .action(async (dir: string, flags: { port: number; host: string }) => {
      const server = await startReviewServer({ dir: resolve(dir), port: flags.port, host: flags.host });
      console.log(`review page: ${server.url}  (Ctrl-C to stop; then run \`maskface dataset prepare\` again to apply)`);
      await new Promise<void>((done) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void server.close().then(done);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
