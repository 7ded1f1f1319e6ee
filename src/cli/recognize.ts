/** `maskface recognize <gallery|model-dir> <photo|folder|video> --out <path> [--json] [--threshold t]`. */
import type { Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { z } from 'zod';
import { DETECTOR_KINDS } from '../face/index.js';
import { invalidArgument } from '../errors.js';
import { recognizeMedia } from '../recognize/recognize-media.js';
import { openRecognizer } from '../recognize/open-recognizer.js';
import { DEFAULT_DETECT_EVERY, DEFAULT_REIDENTIFY_EVERY } from '../recognize/video/recognize-video.js';

const OptionsSchema = z.object({
  /** Annotated output: a photo, a folder (for a folder) or a video file. */
  out: z.string().optional(),
  /** Threshold overriding the source's: cosine similarity for a gallery, class probability for a model. */
  threshold: z.coerce.number().min(-1).max(1).optional(),
  /** Video: run the detector every N frames; default 6. */
  detectEvery: z.coerce.number().int().min(1).default(DEFAULT_DETECT_EVERY),
  /** Video: recognise a tracked face again every N detection rounds; default 4. */
  reidentifyEvery: z.coerce.number().int().min(1).default(DEFAULT_REIDENTIFY_EVERY),
  /** Face detector; default mtcnn. */
  detector: z.enum(DETECTOR_KINDS).default('mtcnn'),
  /** Print one JSON record per face per frame (JSON lines) and a JSON summary. */
  json: z.boolean().default(false),
  /** Photos are face crops: recognise each whole, without detection. */
  faceCrops: z.boolean().default(false),
});

export function register(program: Command): void {
  program
    .command('recognize')
    .description('Find, name (or "unknown") and mask-check every face of a photo, a folder of photos or a video; draw them on --out')
    .argument('<source>', 'gallery made by `maskface enroll` (a SQLite file or a postgres:// URL), or a model folder made by `maskface train` (holds model.json)')
    .argument('<input>', 'photo, folder of photos, or video (mp4, mkv, mov, avi, webm)')
    .option('--out <path>', 'annotated photo, folder or video to write')
    .option('--threshold <t>', 'gallery: cosine similarity (default: calibrated); model: class probability (default 0.5)')
    .option('--detect-every <n>', 'video: detect faces every N frames, track in between', String(DEFAULT_DETECT_EVERY))
    .option('--reidentify-every <n>', 'video: recognise tracked faces again every N detections', String(DEFAULT_REIDENTIFY_EVERY))
    .option('--detector <kind>', `face detector (${DETECTOR_KINDS.join(', ')})`, 'mtcnn')
    .option('--face-crops', 'the photos are already face crops (as RMFD\'s or a prepared dataset\'s): recognise each whole photo, without face detection')
    .option('--json', 'print one JSON record per face (JSON lines), then a JSON summary')
    .action(async (source: string, input: string, raw: unknown) => {
      const parsed = OptionsSchema.safeParse(raw);
      if (!parsed.success) throw invalidArgument(`recognize --${String(parsed.error.issues[0]?.path[0])}`, parsed.error.issues[0]?.message ?? 'a valid value', raw);
      const opts = parsed.data;
      const opened = await openRecognizer(source, { detector: opts.detector, ...(opts.threshold === undefined ? {} : { threshold: opts.threshold }) });
      const bar = new SingleBar({ format: 'recognize [{bar}] {value}/{total} frames {percentage}% eta {eta_formatted}', stream: process.stderr }, Presets.shades_classic);
      const showBar = process.stderr.isTTY === true;
      let started = false;
      try {
        const print = (record: object): void => { if (opts.json) console.log(JSON.stringify(record)); };
        const summary = await recognizeMedia(input, opts.out, opened.detector, opened.recognizer, {
          detectEvery: opts.detectEvery,
          reidentifyEvery: opts.reidentifyEvery,
          faceCrops: opts.faceCrops,
          onRecord: print,
          onPhotoRecord: print,
          onFrame: (done, total) => {
            if (!showBar || total < 2) return;
            if (!started) { bar.start(total, 0); started = true; }
            bar.update(Math.min(done, total));
          },
        });
        if (started) { bar.stop(); started = false; }
        if (opts.json) { console.log(JSON.stringify({ summary })); return; }
        if (summary.kind === 'video') {
          const v = summary.video;
          console.log(`${v.frames} frames (${v.width}x${v.height}) in ${v.seconds.toFixed(1)} s: ${v.fps.toFixed(1)} frames/s; ${v.detectionFrames} detection frames, ${v.recognitions} recognitions`);
          console.log(`frames per name: ${Object.entries(v.framesByName).map(([n, c]) => `${n} ${c}`).join(', ') || 'no faces'}`);
        } else {
          console.log(`${summary.photos} photos, ${summary.faces} faces in ${summary.seconds.toFixed(1)} s (${summary.msPerPhoto.toFixed(0)} ms/photo)`);
        }
        if (summary.output !== undefined) console.log(`wrote ${summary.output}`);
      } finally {
        if (started) bar.stop();
        await opened.close();
      }
    });
}
