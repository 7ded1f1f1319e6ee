/**
 * `maskface serve`: the HTTP API and web page over a gallery, or over a trained model folder
 * (`--model`, read only: recognition only; the people are the model's classes). See docs/server.md.
 * This module is the flags and help only, so `serve --help` loads nothing else (issue 25);
 * serve-action.ts runs it.
 */
import type { Command } from 'commander';
import { DETECTOR_KINDS } from '../face/detector-kinds.js';
import { DEFAULT_EMBEDDER, EMBEDDER_NAMES } from '../recognize/embedder-names.js';

export function register(program: Command): void {
  program
    .command('serve')
    .description('HTTP API and web page: recognise photos, enrol, list and remove people (GET /openapi.json documents it); with --model, recognise with a trained model (read only)')
    .option('--port <n>', 'TCP port (0: any free port)', '3000')
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option('--gallery <path>', 'gallery: a SQLite file, or postgres://user:password@host:port/database?gallery=name (several servers may share it); created when missing (default: gallery.db)')
    .option('--model <dir>', 'recognise with a trained model folder (maskface train --out) instead of a gallery; enrolling and removing people are refused (409 MF_READ_ONLY). Not with --gallery')
    .option('--embedder <name>', `embedder of a new gallery (${EMBEDDER_NAMES.join(', ')}, or onnx:<file> for an ArcFace-convention ONNX model)`, DEFAULT_EMBEDDER)
    .option('--detector <kind>', `face detector (${DETECTOR_KINDS.join(', ')})`, 'mtcnn')
    .option('--no-synthetic-masks', 'do not add synthetic masked samples when a person is enrolled from unmasked photos only')
    .option('--threshold <t>', "gallery: cosine similarity threshold (default: the gallery's calibrated one); --model: class probability (lda model: projected cosine) threshold (default: the model's)")
    .option('--api-key <key>', 'key required in the x-api-key header to enrol and remove (default: $MASKFACE_API_KEY)')
    .option('--max-upload-mb <n>', 'largest uploaded file, MiB', '10')
    .option('--log', 'log every request')
    .action(async (raw: Record<string, unknown>, command: Command) => (await import('./serve-action.js')).serve(raw, command));
}
