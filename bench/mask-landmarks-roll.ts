/**
 * How much turning a tilted head upright helps the 68-point landmarks: the reference LFW photo
 * (test/fixtures/landmarks68-reference.json) turned by 20-50 degrees, measured with the roll
 * correction off (`roll: 0`) and on (default), mean point error in pixels against face-api's
 * points on the upright photo.
 *
 *   node --import tsx bench/mask-landmarks-roll.ts
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { cropRotated, load } from '../src/face/landmarks68/index.js';
import { decodeImage } from '../src/image/io.js';

interface Reference {
  photo: string;
  box: { x: number; y: number; width: number; height: number };
  points: [number, number][];
}

const reference = JSON.parse(await readFile('test/fixtures/landmarks68-reference.json', 'utf8')) as Reference;
const photo = await decodeImage(resolve('../shared/datasets', reference.photo));
const model = await load();
const side = photo.width;
for (const degrees of [20, 30, 40, 50]) {
  const angle = (degrees * Math.PI) / 180;
  const turned = cropRotated(photo, { x: 0, y: 0, width: side, height: side }, angle, side);
  const toTurned = (x: number, y: number): { x: number; y: number } => {
    const dx = x - side / 2;
    const dy = y - side / 2;
    return { x: side / 2 + dx * Math.cos(angle) + dy * Math.sin(angle), y: side / 2 - dx * Math.sin(angle) + dy * Math.cos(angle) };
  };
  const b = reference.box;
  const centre = toTurned(b.x + b.width / 2, b.y + b.height / 2);
  const box = { x: centre.x - b.width / 2, y: centre.y - b.height / 2, width: b.width, height: b.height };
  const errors: string[] = [];
  for (const options of [{ roll: 0 }, {}]) {
    const points = await model.detect(turned.image, box, options);
    const mean =
      points.reduce((sum, p, i) => {
        const [x, y] = reference.points[i] ?? [Number.NaN, Number.NaN];
        const expected = toTurned(x, y);
        return sum + Math.hypot(p.x - expected.x, p.y - expected.y);
      }, 0) / points.length;
    errors.push(mean.toFixed(2));
  }
  console.log(`${degrees} degrees: mean error ${errors[0]} px without the correction, ${errors[1]} px with it`);
}
model.dispose();
