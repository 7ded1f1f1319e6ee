/**
 * Scores a video's recognition records against a hand-made ground truth (every face on every Nth
 * frame, a box and a name), as a viewer judges the drawn video: is each person named where they
 * are, is anyone named twice in a frame, and is a name drawn on something that is not a face.
 */
import type { Box } from '../../image/types.js';
import { UNKNOWN } from '../open-set.js';

/** A face of someone not enrolled. */
export const OTHER = 'other';
/** A face whose identity cannot be read (blurred background): a name on it is not scored. */
export const UNREADABLE = '?';

export interface TruthFace {
  /** [x, y, width, height] in pixels. */
  readonly box: readonly [number, number, number, number];
  /** An enrolled person's name, `other` or `?`. */
  readonly name: string;
  /** Cut by the frame edge or turned away: not counted on screen, but a name on it is judged. */
  readonly partial?: boolean;
}

export interface VideoTruth {
  readonly made: { readonly every: number; readonly date: string; readonly by: string; readonly how: string };
  readonly video: string;
  readonly frameCount: number;
  /** Annotated frames by index; an empty list is a frame without faces. */
  readonly frames: Readonly<Record<string, readonly TruthFace[]>>;
}

export interface ScoredRecord {
  readonly frame: number;
  readonly box: Box;
  readonly name: string;
  readonly masked: boolean | null;
}

export interface NameScore {
  /** Annotated frames on which the person's face is on screen (partial faces excluded). */
  readonly onScreen: number;
  /** Of those, frames where a box on their face carries their name. */
  readonly namedRight: number;
}

export interface TruthScore {
  readonly annotatedFrames: number;
  readonly byName: Readonly<Record<string, NameScore>>;
  /** Boxes with a known name on a face of someone else (`other` included), annotated frames. */
  readonly wrongNames: number;
  /** Wrong names as `truth<-named` pairs with their counts. */
  readonly wrongNamePairs: Readonly<Record<string, number>>;
  /** Boxes with a known name on no annotated face, annotated frames. */
  readonly namedNonFaces: number;
  /** Frames, over the whole video, with two or more boxes of one known name. */
  readonly duplicateFrames: number;
  /** Boxes on annotated faces flagged masked (nobody in the clip need wear one), of boxes with a mask verdict. */
  readonly maskedFlags: number;
  readonly maskVerdicts: number;
}

/** A record lies on a face when its box centre falls inside the face box grown by this fraction of its size on each side. */
export const CENTRE_MARGIN = 0.25;

function centreInside(box: Box, face: TruthFace): boolean {
  const [x, y, w, h] = face.box;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  return cx >= x - CENTRE_MARGIN * w && cx <= x + w * (1 + CENTRE_MARGIN) && cy >= y - CENTRE_MARGIN * h && cy <= y + h * (1 + CENTRE_MARGIN);
}

/** The truth face a record lies on: of those whose grown box holds its centre, the nearest centre. */
export function matchFace(box: Box, faces: readonly TruthFace[]): TruthFace | undefined {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  let best: TruthFace | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const face of faces) {
    if (!centreInside(box, face)) continue;
    const [x, y, w, h] = face.box;
    const distance = Math.hypot(x + w / 2 - cx, y + h / 2 - cy);
    if (distance < bestDistance) {
      best = face;
      bestDistance = distance;
    }
  }
  return best;
}

export function scoreAgainstTruth(truth: VideoTruth, records: readonly ScoredRecord[]): TruthScore {
  const byFrame = new Map<number, ScoredRecord[]>();
  for (const r of records) byFrame.set(r.frame, [...(byFrame.get(r.frame) ?? []), r]);
  const byName: Record<string, { onScreen: number; namedRight: number }> = {};
  const wrongNamePairs: Record<string, number> = {};
  let wrongNames = 0;
  let namedNonFaces = 0;
  let maskedFlags = 0;
  let maskVerdicts = 0;
  const annotated = Object.entries(truth.frames);
  for (const [key, faces] of annotated) {
    const frameRecords = byFrame.get(Number(key)) ?? [];
    for (const face of faces) {
      if (face.partial === true || face.name === OTHER || face.name === UNREADABLE) continue;
      const entry = (byName[face.name] ??= { onScreen: 0, namedRight: 0 });
      entry.onScreen++;
      if (frameRecords.some((r) => r.name === face.name && matchFace(r.box, faces) === face)) entry.namedRight++;
    }
    for (const r of frameRecords) {
      const face = matchFace(r.box, faces);
      if (face !== undefined && face.name !== UNREADABLE && r.masked !== null) {
        maskVerdicts++;
        if (r.masked) maskedFlags++;
      }
      if (r.name === UNKNOWN) continue;
      if (face === undefined) namedNonFaces++;
      else if (face.name !== UNREADABLE && face.name !== r.name) {
        wrongNames++;
        const pair = `${face.name}<-${r.name}`;
        wrongNamePairs[pair] = (wrongNamePairs[pair] ?? 0) + 1;
      }
    }
  }
  let duplicateFrames = 0;
  for (const frameRecords of byFrame.values()) {
    const names = frameRecords.map((r) => r.name).filter((n) => n !== UNKNOWN);
    if (new Set(names).size < names.length) duplicateFrames++;
  }
  return { annotatedFrames: annotated.length, byName, wrongNames, wrongNamePairs, namedNonFaces, duplicateFrames, maskedFlags, maskVerdicts };
}
