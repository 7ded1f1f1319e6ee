/**
 * `maskface identify <gallery> <photo> [--json] [--verify name]`: names every face of a photo (or
 * `unknown`), or verifies one person. This module is the flags and help only, so `identify --help`
 * loads nothing else (issue 25); identify-action.ts runs it.
 */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('identify')
    .description('Identify the faces of a photo against a gallery (1:N, open set: below the threshold a face is "unknown"), or verify one person (1:1)')
    .argument('<gallery>', 'gallery: a SQLite file, or postgres://user:password@host:port/database?gallery=name')
    .argument('<photo>', 'photo to identify')
    .option('--threshold <t>', 'cosine similarity threshold (default: the gallery\'s calibrated one)')
    .option('--verify <name>', 'verification (1:1): is the largest face this enrolled person?')
    .option('--json', 'print JSON')
    .action(async (galleryPath: string, photo: string, raw: unknown) => (await import('./identify-action.js')).identify(galleryPath, photo, raw));
}
