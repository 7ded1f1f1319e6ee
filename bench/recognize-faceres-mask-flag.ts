/**
 * Experiment of issue 26 (a measurement, not what recognition does): the Hamilton clip recognised
 * by the default gallery encoder with the mask flag taken from faceres instead of from the encoder's
 * own vector. faceres (a small age/gender MobileNet) runs on each recognised face beside the
 * encoder and its classifier (mask-classifier.faceres.generated.json) gives the verdict; the
 * thresholds are the gallery's cohort thresholds as stored (the cohort holds the encoder's vectors,
 * which the faceres classifier cannot read, so its masked/unmasked split stays the encoder's own).
 * Prints the clip's scores against its hand-made ground truth.
 *
 *   node --import tsx bench/recognize-faceres-mask-flag.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FaceDetection } from '../src/face/types.js';
import type { RgbImage } from '../src/image/types.js';
import { enrolPerson } from '../src/recognize/enrol.js';
import { type FaceEncoder, loadFaceEncoder } from '../src/recognize/face-encoder.js';
import { loadMaskSynthesizer } from '../src/recognize/landmark-mask-synthesizer.js';
import { type MaskClassifier, loadMaskClassifier } from '../src/recognize/mask-classifier.js';
import { GalleryRecognizer } from '../src/recognize/recognizer.js';
import { openGallerySession } from '../src/recognize/session.js';
import { type FaceRecord, recognizeVideo } from '../src/recognize/video/recognize-video.js';
import { hamiltonScoreLines } from './hamilton-score.js';

const PRESS = resolve('../shared/datasets/media/press');
const dir = mkdtempSync(join(tmpdir(), 'maskface-flag-'));
const session = await openGallerySession(join(dir, 'press.db'), { create: true, maskSynthesizer: () => loadMaskSynthesizer() });
const faceres = await loadFaceEncoder('faceres');
try {
  for (const [name, photos] of [['Lin-Manuel Miranda', ['lin-manuel-miranda.png']], ['Alex Lacamoire', ['alex-lacamoire.png']], ['Barack Obama', ['obama.jpg', 'obama2.jpg']], ['Joe Biden', ['biden.jpg']]] as const) {
    await enrolPerson(session, name, photos.map((p) => join(PRESS, p)));
  }
  const faceresFlag = loadMaskClassifier('faceres');
  if (faceresFlag === undefined) throw new Error('mask-classifier.faceres.generated.json is missing: run bench/recognize-mask-train.ts faceres');
  // The recognizer classifies the vector the encoder just returned: the faceres vector of the same face is kept beside it.
  let faceresVector: Float32Array | undefined;
  const encoder: FaceEncoder = {
    ...session.encoder,
    async encode(image: RgbImage, face: FaceDetection) {
      faceresVector = await faceres.encode(image, face);
      return session.encoder.encode(image, face);
    },
  };
  const flag: MaskClassifier = { embedder: session.encoder.name, dimension: session.maskClassifier?.dimension ?? 0, classify: () => faceresFlag.classify(faceresVector!) };
  const recognizer = await GalleryRecognizer.create(session.gallery, encoder, { maskClassifier: flag });
  console.log(`encoder ${session.encoder.name}, mask flag from faceres; thresholds ${JSON.stringify(recognizer.thresholds)}`);
  const records: FaceRecord[] = [];
  const summary = await recognizeVideo(join(PRESS, 'short_hamilton_clip.mp4'), undefined, session.detector, recognizer, { onRecord: (r) => records.push(r) });
  console.log(`${summary.fps.toFixed(1)} frames/s, ${summary.recognitions} recognitions in ${summary.recognitionSeconds.toFixed(1)} s; frames per name ${JSON.stringify(summary.framesByName)}`);
  for (const line of hamiltonScoreLines(records).lines) console.log(line);
} finally {
  faceres.dispose();
  await session.close();
  rmSync(dir, { recursive: true, force: true });
}
