/** What `maskface recognize` does once its flags are parsed (recognize.ts defines the flags and help, and loads this module only to run). */
import { stat } from 'node:fs/promises';
import { Presets, SingleBar } from 'cli-progress';
import { z } from 'zod';
import { fileNotFound } from '../errors.js';
import { recognizeMedia } from '../recognize/recognize-media.js';
import { openRecognizer } from '../recognize/open-recognizer.js';
import { RecognitionSettingsSchema, mediaOptions, recognizerOptions } from '../recognize/recognition-settings.js';
import { parseFlags } from './recognize-options.js';
import { assertWritableOutput } from './writable-output.js';

const OptionsSchema = RecognitionSettingsSchema.extend({
  /** Annotated output: a photo, a folder (for a folder) or a video file. */
  out: z.string().optional(),
  /** Print one JSON record per face per frame (JSON lines) and a JSON summary. */
  json: z.boolean().default(false),
});

export async function recognize(source: string, input: string, raw: unknown): Promise<void> {
  const opts = parseFlags('recognize', OptionsSchema, raw);
  // The input and the output are checked before the models load (seconds).
  const inputIsFolder = await stat(input).then((s) => s.isDirectory(), () => {
    throw fileNotFound(input, 'Give a photo, a folder of photos or a video.');
  });
  if (opts.out !== undefined) await assertWritableOutput(opts.out, inputIsFolder ? 'folder' : 'file', 'recognize --out');
  const opened = await openRecognizer(source, recognizerOptions(opts));
  const bar = new SingleBar({ format: 'recognize [{bar}] {value}/{total} frames {percentage}% eta {eta_formatted}', stream: process.stderr }, Presets.shades_classic);
  const showBar = process.stderr.isTTY === true;
  let started = false;
  try {
    const print = (record: object): void => { if (opts.json) console.log(JSON.stringify(record)); };
    const summary = await recognizeMedia(input, opts.out, opened.detector, opened.recognizer, mediaOptions(opts, {
      onRecord: print,
      // Each face's answer, as identify prints it; --json prints the records instead.
      onPhotoRecord: opts.json ? print : (r) => console.log(`${r.source}: ${r.name} (score ${r.confidence.toFixed(3)}, threshold ${r.threshold.toFixed(3)}${r.masked === null ? '' : r.masked ? ', masked' : ', no mask'})`),
      onSkipped: (skipped) => {
        if (opts.json) print({ skipped: skipped.file, code: skipped.code, message: skipped.message });
        else console.error(`maskface: skipped ${skipped.message} [${skipped.code}]`);
      },
      onFrame: (done, total) => {
        if (!showBar || total < 2) return;
        if (!started) { bar.start(total, 0); started = true; }
        bar.update(Math.min(done, total));
      },
    }));
    if (started) { bar.stop(); started = false; }
    if (opts.json) { console.log(JSON.stringify({ summary })); return; }
    if (summary.kind === 'video') {
      const v = summary.video;
      console.log(`${v.frames} frames (${v.width}x${v.height}) in ${v.seconds.toFixed(1)} s: ${v.fps.toFixed(1)} frames/s; ${v.detectionFrames} detection frames, ${v.recognitions} recognitions`);
      console.log(`frames per name: ${Object.entries(v.framesByName).map(([n, c]) => `${n} ${c}`).join(', ') || 'no faces'}`);
    } else {
      const skipped = summary.skipped.length === 0 ? '' : `; ${summary.skipped.length} unreadable ${summary.skipped.length === 1 ? 'photo' : 'photos'} skipped`;
      console.log(`${summary.photos} photos, ${summary.faces} faces in ${summary.seconds.toFixed(1)} s (${summary.msPerPhoto.toFixed(0)} ms/photo)${skipped}`);
    }
    if (summary.output !== undefined) console.log(`wrote ${summary.output}`);
  } finally {
    if (started) bar.stop();
    await opened.close();
  }
}
