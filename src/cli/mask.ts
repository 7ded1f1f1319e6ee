/** `maskface mask <dataset> --out <dir>`: the simulated-mask dataset (paper 3.1.2, MaskTheFace). */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { MaskfaceError } from '../errors.js';
import { DETECTOR_KINDS, loadDetector, type DetectorKind } from '../face/detectors.js';
import { load as loadLandmarks68 } from '../face/landmarks68/index.js';
import { writeImage } from '../image/io.js';
import type { RgbImage } from '../image/types.js';
import { contactSheet, squareTile } from '../mask/contact-sheet.js';
import { maskDataset } from '../mask/mask-dataset.js';
import { MASK_PATTERNS, MASK_TYPES, MaskOptionsSchema, resolveMaskOptions } from '../mask/options.js';
import { progressBar } from './progress.js';
import { assertWritableOutput } from './writable-output.js';

/** The preview shows this many photos, one per person first. */
const PREVIEW_PHOTOS = 24;
const PREVIEW_TILE_PX = 160;

interface MaskFlags {
  out: string;
  type: string;
  color?: string;
  pattern: string;
  seed: string;
  detector: DetectorKind;
  allFaces?: boolean;
  keepMasked?: boolean;
  layout?: 'rmfd' | 'folders';
  preview?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('mask <dataset-dir>')
    .description('put simulated masks on every unmasked photo of a dataset (MaskTheFace); writes an RMFD-layout dataset')
    .requiredOption('--out <dir>', 'output dataset folder (AFDB_face_dataset/ and AFDB_masked_face_dataset/, report.json)')
    .addOption(new Option('--type <type>', 'mask type').choices([...MASK_TYPES, 'random']).default('cloth'))
    .option('--color <color>', 'colour name, #rrggbb or random (default: the type\'s usual colour; black for cloth)')
    .addOption(new Option('--pattern <pattern>', 'printed pattern').choices([...MASK_PATTERNS, 'random']).default('plain'))
    .option('--seed <n>', 'seed of every random choice', '0')
    .addOption(new Option('--detector <kind>', 'face detector').choices([...DETECTOR_KINDS]).default('mtcnn'))
    .option('--all-faces', 'mask every face found, not only the largest')
    .option('--keep-masked', 'also copy the dataset\'s real masked photos into the output')
    .addOption(new Option('--layout <layout>', 'input layout (default: detected)').choices(['rmfd', 'folders']))
    .option('--preview <sheet.png>', `write a contact sheet of ${PREVIEW_PHOTOS} masked photos`)
    .option('--json', 'print the report as JSON')
    .action(async (datasetDir: string, flags: MaskFlags) => {
      const parsed = MaskOptionsSchema.safeParse({ type: flags.type, color: flags.color, pattern: flags.pattern, seed: Number(flags.seed) });
      if (!parsed.success) {
        throw new MaskfaceError('MF_INVALID_ARGUMENT', `mask options: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}. Example: --type cloth --color black --seed 1`);
      }
      resolveMaskOptions(parsed.data); // a bad colour is refused before the models load
      const out = resolve(flags.out);
      await assertWritableOutput(flags.out, 'folder', 'mask --out');
      const detector = await loadDetector({ kind: flags.detector });
      const landmarks = await loadLandmarks68();
      const bar = progressBar('mask', !flags.json && process.stderr.isTTY === true);
      const firstOfPerson: RgbImage[] = [];
      const others: RgbImage[] = [];
      const seen = new Set<string>();
      try {
        const report = await maskDataset(resolve(datasetDir), out, detector, landmarks, {
          mask: parsed.data,
          faces: flags.allFaces ? 'all' : 'largest',
          keepRealMasked: flags.keepMasked === true,
          ...(flags.layout && { layout: flags.layout }),
          onProgress: (done, total) => bar.update(done, total),
          ...(flags.preview && {
            onMasked: (masked: RgbImage, source: string) => {
              const person = source.split(/[\\/]/).slice(-2, -1)[0] ?? source;
              if (!seen.has(person) && firstOfPerson.length < PREVIEW_PHOTOS) {
                seen.add(person);
                firstOfPerson.push(squareTile(masked, PREVIEW_TILE_PX));
              } else if (others.length < PREVIEW_PHOTOS) others.push(squareTile(masked, PREVIEW_TILE_PX));
            },
          }),
        });
        bar.stop();
        if (flags.preview && report.masked.length > 0) {
          const tiles = [...firstOfPerson, ...others].slice(0, PREVIEW_PHOTOS);
          await writeImage(resolve(flags.preview), contactSheet(tiles, { tileSize: PREVIEW_TILE_PX }));
        }
        if (flags.json) {
          console.log(JSON.stringify(report, null, 1));
          return;
        }
        console.log(`${report.people} people, ${report.photos} unmasked photos: ${report.masked.length} masked, ${report.noFace.length} without a face found, ${report.unreadable.length} unreadable`);
        for (const file of report.noFace) console.log(`  no face: ${file}`);
        for (const { file, reason } of report.unreadable) console.log(`  unreadable: ${file} (${reason})`);
        if (report.copiedMasked > 0) console.log(`copied ${report.copiedMasked} real masked photos`);
        console.log(`wrote ${out} (report.json)${flags.preview && report.masked.length > 0 ? ` and ${resolve(flags.preview)}` : ''}`);
      } finally {
        bar.stop();
        detector.dispose();
        landmarks.dispose();
      }
    });
}
