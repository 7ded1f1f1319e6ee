/**
 * Recognition of a video, streamed frame by frame through ffmpeg. The detector runs every
 * `detectEvery` frames and a tracker follows the faces from one detection to the next; a track is
 * recognised when it appears and again every `reidentifyEvery` detection rounds, so the costly
 * embedder runs on a few frames only; a shot change drops the tracks and triggers a detection.
 * Frames are drawn one detection round late (at most `detectEvery` frames held in memory), boxes
 * interpolated between detections and each track labelled with what its own recognitions say by the
 * next round (round-faces.ts); every frame is encoded, with the original audio.
 */
import type { FaceDetector } from '../../face/types.js';
import type { Box, RgbImage } from '../../image/types.js';
import { faceStyle } from '../labels.js';
import { UNKNOWN } from '../open-set.js';
import type { Recognizer } from '../recognizer.js';
import { type FrameWriter, probeVideo, readFrames, writeFrames } from './ffmpeg.js';
import { FramePainter } from './frame-painter.js';
import { CUT_THRESHOLD, frameSignature, signatureChange } from './scene-cut.js';
import { type Round, facesBetweenRounds } from './round-faces.js';
import { FaceTracker } from './tracker.js';
import { DEFAULT_DETECT_EVERY, DEFAULT_REIDENTIFY_EVERY } from '../defaults.js';

/** How far below the threshold (cosine similarity) an unknown track's score may be to count as unsure. */
export const UNSURE_MARGIN = 0.1;
/**
 * Unsure tracks are rechecked on every detection round only until they have this many
 * recognitions; then they follow `reidentifyEvery` like the others. A crowd of strangers near the
 * threshold would otherwise run the encoder on every face every round (on the Hamilton clip: 24
 * recognitions with a cap of 4, 17 with 2, the same 94.6 % of Lin-Manuel Miranda's frames named).
 */
export const UNSURE_RECOGNITIONS = 2;

export { DEFAULT_DETECT_EVERY, DEFAULT_REIDENTIFY_EVERY };

export interface VideoOptions {
  /** Run the detector on every Nth frame; default DEFAULT_DETECT_EVERY (8). */
  readonly detectEvery?: number;
  /** Recognise a tracked face again every N detection rounds; default DEFAULT_REIDENTIFY_EVERY (8). */
  readonly reidentifyEvery?: number;
  /** Detector score below which a face is ignored, in [0, 1]; default 0.8. */
  readonly minFaceScore?: number;
  /** Smallest face side searched for, in pixels; default 40. */
  readonly minFaceSize?: number;
  /** Called once per frame with the frame index and the frame count. */
  readonly onFrame?: (done: number, total: number) => void;
  /** Called for each face on each frame. */
  readonly onRecord?: (record: FaceRecord) => void;
}

export interface FaceRecord {
  readonly frame: number;
  /** Seconds from the start of the video. */
  readonly time: number;
  /** Track id: the same face across frames. */
  readonly track: number;
  readonly box: Box;
  readonly name: string;
  readonly confidence: number;
  readonly masked: boolean | null;
  /** Whether the box was detected on this frame (true) or carried by the tracker (false). */
  readonly detected: boolean;
}

export interface VideoSummary {
  readonly frames: number;
  readonly width: number;
  readonly height: number;
  readonly seconds: number;
  /** Frames processed per second of wall-clock time (decode, detect, recognise, draw, encode). */
  readonly fps: number;
  readonly detectionFrames: number;
  readonly recognitions: number;
  /** Wall-clock seconds spent in the detector and in recognition (embedding and gallery search). */
  readonly detectionSeconds: number;
  readonly recognitionSeconds: number;
  /** Shot changes found (tracks dropped, detector run at once). */
  readonly cuts: number;
  /** Frames on which each name was shown, `unknown` included. */
  readonly framesByName: Readonly<Record<string, number>>;
}

/**
 * Video faces are embedded as photos are (test-time flips included): a gallery's threshold is set
 * on flip-averaged cohort vectors, and unflipped ones scored 0.01-0.02 lower on the Hamilton clip,
 * enough to leave Lin-Manuel Miranda's first shots `unknown`. Recognitions are rare (17 on the
 * 275-frame clip), so the flips cost little.
 */
export async function recognizeVideo(input: string, output: string | undefined, detector: FaceDetector, recognizer: Recognizer, options: VideoOptions = {}): Promise<VideoSummary> {
  const detectEvery = Math.max(1, options.detectEvery ?? DEFAULT_DETECT_EVERY);
  const reidentifyEvery = Math.max(1, options.reidentifyEvery ?? DEFAULT_REIDENTIFY_EVERY);
  const info = probeVideo(input);
  const writer: FrameWriter | undefined = output === undefined ? undefined : writeFrames(output, { info, audioFrom: input });
  const tracker = new FaceTracker();
  const painter = new FramePainter(info.width, info.height);
  const framesByName: Record<string, number> = {};
  const started = performance.now();
  let frame = 0;
  let detectionFrames = 0;
  let recognitions = 0;
  let detectionMs = 0;
  let recognitionMs = 0;
  let cuts = 0;
  let lastDetection = Number.NEGATIVE_INFINITY;
  let previousSignature: Float32Array | undefined;
  // Frames since the latest detection round, drawn once the next round has recognised (round-faces.ts).
  let round: Round | undefined;
  let waiting: Uint8Array[] = [];
  const drawWaiting = async (next: Round | undefined): Promise<void> => {
    for (const [i, data] of waiting.entries()) {
      const at = round!.frame + i;
      const faces = facesBetweenRounds(round!, next, at);
      for (const f of faces) {
        const record: FaceRecord = { frame: at, time: at / info.fps, track: f.track, box: f.box, name: f.label.name, confidence: f.label.confidence, masked: f.label.masked ?? null, detected: f.detected };
        framesByName[record.name] = (framesByName[record.name] ?? 0) + 1;
        options.onRecord?.(record);
      }
      if (writer === undefined) continue;
      const image: RgbImage = { width: info.width, height: info.height, data };
      painter.paint(image, faces.map((f) => {
        const style = faceStyle(f.label);
        return { box: f.box, label: style.label ?? '', color: style.color ?? '#32cd32' };
      }));
      await writer.write(image.data);
    }
    waiting = [];
  };
  try {
    for await (const data of readFrames(input, info)) {
      const image: RgbImage = { width: info.width, height: info.height, data };
      const signature = frameSignature(image);
      const cut = previousSignature !== undefined && signatureChange(previousSignature, signature) > CUT_THRESHOLD;
      previousSignature = signature;
      if (cut) {
        tracker.reset();
        cuts++;
      }
      if (cut || frame - lastDetection >= detectEvery) {
        lastDetection = frame;
        detectionFrames++;
        const detectStart = performance.now();
        const faces = await detector.detect(image, { minScore: options.minFaceScore ?? 0.8, minFaceSize: options.minFaceSize ?? 40 });
        detectionMs += performance.now() - detectStart;
        for (const t of tracker.update(frame, faces.map((f) => f.box))) {
          // Unsure tracks (unknown, but close to the threshold) are checked on every detection round:
          // a turned or blurred face often scores just below the threshold and passes a frame later.
          const unsure = t.label !== undefined && t.label.name === UNKNOWN && t.label.confidence >= (t.label.threshold ?? recognizer.threshold) - UNSURE_MARGIN && t.recognitions < UNSURE_RECOGNITIONS;
          if (t.sinceRecognized < reidentifyEvery && !unsure) continue;
          const face = faces.find((f) => f.box === t.box);
          if (face === undefined) continue;
          const recognizeStart = performance.now();
          const r = await recognizer.recognize(image, face);
          recognitionMs += performance.now() - recognizeStart;
          recognitions++;
          tracker.label(t.id, { name: r.name, confidence: r.confidence, ...(r.masked === undefined ? {} : { masked: r.masked }), ...(r.threshold === undefined ? {} : { threshold: r.threshold }) });
        }
        const next: Round = { frame, tracks: tracker.current() };
        if (round !== undefined) await drawWaiting(next);
        round = next;
      }
      waiting.push(data);
      frame++;
      options.onFrame?.(frame, info.frames);
    }
    if (round !== undefined) await drawWaiting(undefined);
    await writer?.close();
  } catch (err) {
    await writer?.abort();
    throw err;
  }
  const seconds = (performance.now() - started) / 1000;
  return { frames: frame, width: info.width, height: info.height, seconds, fps: frame / seconds, detectionFrames, recognitions, detectionSeconds: detectionMs / 1000, recognitionSeconds: recognitionMs / 1000, cuts, framesByName };
}
