/**
 * `maskface recognize <gallery|model-dir> <photo|folder|video> --out <path> [--json] [--threshold t]`.
 * This module is the flags and help only, so `recognize --help` loads nothing else (issue 25);
 * recognize-action.ts runs it.
 */
import type { Command } from 'commander';
import { addRecognitionOptions } from './recognize-options.js';

export function register(program: Command): void {
  const command = program
    .command('recognize')
    .description('Find, name (or "unknown") and mask-check every face of a photo, a folder of photos or a video; draw them on --out')
    .argument('<source>', 'gallery made by `maskface enroll` (a SQLite file or a postgres:// URL), or a model folder made by `maskface train` (holds model.json)')
    .argument('<input>', 'photo, folder of photos, or video (mp4, mkv, mov, avi, webm)')
    .option('--out <path>', 'annotated photo, folder or video to write');
  addRecognitionOptions(command)
    .option('--json', 'print one JSON record per face (JSON lines), then a JSON summary')
    .action(async (source: string, input: string, raw: unknown) => (await import('./recognize-action.js')).recognize(source, input, raw));
}
