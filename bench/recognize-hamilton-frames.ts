/**
 * What recognition says about each face of the Hamilton clip's annotated frames on its own, without
 * a tracker: every 5th frame is detected (as the video does: score >= 0.8, faces >= 40 px) and each
 * face recognised; prints the truth name, the answer, the score against the threshold it was held
 * to and the mask probability. A diagnostic for the tracker and the mask flag (issue 26).
 *
 *   node --import tsx bench/recognize-hamilton-frames.ts <gallery> [--every 5]
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GalleryRecognizer } from '../src/recognize/recognizer.js';
import { openGallerySession } from '../src/recognize/session.js';
import { probeVideo, readFrames } from '../src/recognize/video/ffmpeg.js';
import { OTHER, UNREADABLE, matchFace } from '../src/recognize/video/video-truth.js';
import { HAMILTON_TRUTH } from './hamilton-score.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { every: { type: 'string', default: '5' } } });
const CLIP = join(resolve('../shared/datasets'), HAMILTON_TRUTH.video);
const session = await openGallerySession(positionals[0]!, {});
try {
  const recognizer = await GalleryRecognizer.create(session.gallery, session.encoder, session.maskClassifier === undefined ? {} : { maskClassifier: session.maskClassifier });
  const info = probeVideo(CLIP);
  const vectors = new Map<string, Float32Array[]>();
  let frame = 0;
  for await (const data of readFrames(CLIP, info)) {
    if (frame % Number(values.every) === 0) {
      const image = { width: info.width, height: info.height, data };
      const truth = HAMILTON_TRUTH.frames[String(frame)] ?? [];
      const faces = await session.detector.detect(image, { minScore: 0.8, minFaceSize: 40 });
      const parts: string[] = [];
      for (const face of faces) {
        const { vector, recognition: r } = await recognizer.embedAndRecognize(image, face);
        const match = matchFace(face.box, truth);
        const on = match === undefined ? 'NON-FACE' : `${match.name}@${match.box[0]}`;
        if (match !== undefined) (vectors.get(on) ?? vectors.set(on, []).get(on)!).push(vector);
        parts.push(`${on}: ${r.name} (${r.candidates[0]?.name}) ${r.confidence.toFixed(3)}/${r.threshold?.toFixed(3)} mask ${r.maskProbability?.toFixed(2)} (${Math.round(face.box.width)} px, det ${face.score.toFixed(2)})`);
      }
      console.log(`${frame}: ${parts.join(' | ')}`);
    }
    frame++;
  }
  // A person's template: the mean of the unit vectors of their annotated faces (does pooling frames
  // lift a face over the threshold?). Enrolled names only: "other" and "?" are several people.
  const shot = (key: string): string => key.split('@')[0]!;
  for (const name of new Set([...vectors.keys()].map(shot).filter((n) => n !== OTHER && n !== UNREADABLE))) {
    const all = [...vectors.entries()].filter(([k]) => shot(k) === name).flatMap(([, v]) => v);
    const mean = new Float32Array(all[0]!.length);
    for (const v of all) { const n = Math.hypot(...v); v.forEach((x, i) => { mean[i]! += x / n; }); }
    const id = recognizer.index.identify(mean, recognizer.threshold);
    console.log(`mean of ${all.length} vectors on ${name}: best ${id.candidates[0]?.name} ${id.score.toFixed(3)}`);
  }
} finally {
  session.close();
}
