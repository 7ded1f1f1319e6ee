/** `maskface detect <photo|folder>`: the faces in photos, as text or JSON, optionally drawn. */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { MaskfaceError } from '../errors.js';
import { detectPhotos, listPhotos } from '../face/detect-photos.js';
import { DETECTOR_KINDS, loadDetector, type DetectorKind } from '../face/detectors.js';
import { load as loadLandmarks68, type Landmarks68Model } from '../face/landmarks68/index.js';
import { assertWritableOutput } from './writable-output.js';

function number(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!(n >= min && n <= max)) throw new MaskfaceError('MF_INVALID_ARGUMENT', `${name}: expected a number from ${min} to ${max}, received "${value}".`);
    return n;
  };
}

export const detectorOption = (): Option => new Option('--detector <kind>', 'face detector').choices([...DETECTOR_KINDS]).default('mtcnn');

interface DetectFlags {
  detector: DetectorKind;
  json?: boolean;
  out?: string;
  landmarks?: boolean;
  minScore?: number;
  minFaceSize?: number;
  maxFaces?: number;
  aligned?: string;
  alignSize?: number;
}

export function register(program: Command): void {
  program
    .command('detect <path>')
    .description('find faces (box, score, 5 landmarks) in a photo or every photo of a folder')
    .addOption(detectorOption())
    .option('--json', 'print JSON (one array of photos)')
    .option('--out <dir>', 'write each photo with its faces drawn into this folder')
    .option('--landmarks', 'add the 68-point landmarks of each face')
    .option('--min-score <s>', 'drop faces scoring below s (0-1)', number('--min-score', 0, 1))
    .option('--min-face-size <px>', 'smallest face side searched for, pixels', number('--min-face-size', 1, 100000))
    .option('--max-faces <n>', 'at most n faces per photo, best first', number('--max-faces', 1, 100000))
    .option('--aligned <dir>', 'write each face aligned (eyes level) into this folder as <photo>-face<n>.png')
    .option('--align-size <px>', 'side of the aligned crops', number('--align-size', 8, 4096), 112)
    .action(async (path: string, flags: DetectFlags) => {
      const root = resolve(path);
      if (flags.out !== undefined) await assertWritableOutput(flags.out, 'folder', 'detect --out');
      const files = await listPhotos(root);
      const isFolder = (await stat(root)).isDirectory();
      const detector = await loadDetector({ kind: flags.detector });
      let landmarks68: Landmarks68Model | undefined;
      try {
        if (flags.landmarks) landmarks68 = await loadLandmarks68();
        const all = [];
        const options = {
          ...(flags.minScore !== undefined && { minScore: flags.minScore }),
          ...(flags.minFaceSize !== undefined && { minFaceSize: flags.minFaceSize }),
          ...(flags.maxFaces !== undefined && { maxFaces: flags.maxFaces }),
          ...(landmarks68 && { landmarks68 }),
          ...(flags.out && { outDir: resolve(flags.out) }),
          ...(flags.aligned && { alignDir: resolve(flags.aligned), alignSize: Math.round(flags.alignSize ?? 112) }),
          ...(isFolder && { root }),
        };
        for await (const photo of detectPhotos(files, detector, options)) {
          if (flags.json) {
            all.push(photo);
            continue;
          }
          console.log(`${photo.file}: ${photo.faces.length} face${photo.faces.length === 1 ? '' : 's'}${photo.drawn ? ` (drawn: ${photo.drawn})` : ''}${photo.aligned?.length ? ` (aligned: ${photo.aligned.length} crops)` : ''}`);
          photo.faces.forEach((f, i) => {
            const b = f.box;
            const eyes = f.landmarks5 ? `  eyes (${f.landmarks5[0]!.x.toFixed(0)},${f.landmarks5[0]!.y.toFixed(0)}) (${f.landmarks5[1]!.x.toFixed(0)},${f.landmarks5[1]!.y.toFixed(0)})` : '';
            console.log(`  #${i + 1} score ${f.score.toFixed(3)}  box x=${b.x.toFixed(0)} y=${b.y.toFixed(0)} w=${b.width.toFixed(0)} h=${b.height.toFixed(0)}${eyes}${f.landmarks68 ? '  +68 landmarks' : ''}`);
          });
        }
        if (flags.json) console.log(JSON.stringify(all, null, 1));
      } finally {
        detector.dispose();
        landmarks68?.dispose();
      }
    });
}
