/**
 * Helper for annotating the Hamilton clip by hand (bench/recognize-hamilton-faces.json): reads every
 * Nth frame of the clip, runs MTCNN with a low score and a small minimum face size, and writes each
 * frame as a PNG with numbered boxes plus a JSON of the proposals. The annotator looks at the PNGs,
 * keeps the boxes that hold a face (naming each, or "other"), drops the rest and adds faces MTCNN
 * missed. Nothing here decides a name.
 *
 *   node --import tsx bench/hamilton-truth-proposals.ts --every 5 --out /tmp/hamilton-proposals
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { load as loadMtcnn } from '../src/face/mtcnn/index.js';
import { drawDetections } from '../src/image/draw.js';
import { writeImage } from '../src/image/io.js';
import { probeVideo, readFrames } from '../src/recognize/video/ffmpeg.js';

const { values } = parseArgs({ options: { every: { type: 'string', default: '5' }, out: { type: 'string', default: '/tmp/hamilton-proposals' } } });
const every = Number(values.every);
const CLIP = resolve('../shared/datasets/media/press/short_hamilton_clip.mp4');
mkdirSync(values.out, { recursive: true });
const detector = await loadMtcnn();
const info = probeVideo(CLIP);
const proposals: Record<number, Array<[number, number, number, number, number]>> = {};
let frame = 0;
for await (const data of readFrames(CLIP, info)) {
  if (frame % every === 0) {
    const image = { width: info.width, height: info.height, data };
    const faces = await detector.detect(image, { minScore: 0.5, minFaceSize: 16 });
    proposals[frame] = faces.map((f) => [Math.round(f.box.x), Math.round(f.box.y), Math.round(f.box.width), Math.round(f.box.height), Number(f.score.toFixed(2))]);
    await writeImage(join(values.out, `f${String(frame).padStart(3, '0')}.png`), drawDetections(image, faces, faces.map((f, i) => ({ label: `${i}:${f.score.toFixed(2)}` }))));
  }
  frame++;
}
writeFileSync(join(values.out, 'proposals.json'), JSON.stringify(proposals) + '\n');
detector.dispose();
console.log(`${Object.keys(proposals).length} frames of ${frame} written to ${values.out}`);
