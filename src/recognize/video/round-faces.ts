/**
 * The faces drawn on the frames between two detection rounds. A video is drawn one round late: the
 * frames from one detection to the next wait (at most `detectEvery` frames) until the next round has
 * detected and recognised, so that
 * - a box moves on a line from where the face was detected to where it is detected next
 *   (interpolated, not extrapolated at an old velocity, which carried boxes onto chins and hands);
 * - a track is drawn with what its own recognitions say by the end of the interval: a face first
 *   recognised just under the threshold and named at its recheck 8 frames later (Lin-Manuel
 *   Miranda's first shot) is named from its first frame. Only a track that still follows the same
 *   face at the next round (not re-verified after a jump) takes the later label.
 */
import type { Box } from '../../image/types.js';
import { UNKNOWN } from '../open-set.js';
import type { Track, TrackLabel } from './tracker.js';

/** The tracks shown after a detection round's recognitions. */
export interface Round {
  readonly frame: number;
  readonly tracks: readonly Pick<Track, 'id' | 'box' | 'label' | 'identitySince'>[];
}

export interface DrawnFace {
  readonly track: number;
  readonly box: Box;
  readonly label: TrackLabel;
  /** Whether the box was detected on this frame. */
  readonly detected: boolean;
}

const lerp = (a: Box, b: Box, t: number): Box => ({ x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y), width: a.width + t * (b.width - a.width), height: a.height + t * (b.height - a.height) });

/**
 * The labelled faces of `frame`, from `round.frame` up to (not including) `next.frame`; `next` is
 * undefined at the end of the video. A track missed by the next round keeps its last detected box
 * and label. A known name is kept by one face per frame: the one holding it at the next round, else
 * the higher confidence; the others are drawn `unknown`.
 */
export function facesBetweenRounds(round: Round, next: Round | undefined, frame: number): DrawnFace[] {
  const span = next === undefined ? 1 : Math.max(1, next.frame - round.frame);
  const t = (frame - round.frame) / span;
  const faces: Array<DrawnFace & { holdsNext: boolean }> = [];
  for (const track of round.tracks) {
    if (track.label === undefined) continue;
    const later = next?.tracks.find((n) => n.id === track.id && n.identitySince <= round.frame && n.label !== undefined);
    const label = later?.label ?? track.label;
    faces.push({ track: track.id, box: later === undefined ? track.box : lerp(track.box, later.box, t), label, detected: frame === round.frame, holdsNext: later !== undefined });
  }
  const holder = new Map<string, (typeof faces)[number]>();
  for (const face of faces) {
    const name = face.label.name;
    if (name === UNKNOWN) continue;
    const other = holder.get(name);
    if (other === undefined || (face.holdsNext && !other.holdsNext) || (face.holdsNext === other.holdsNext && face.label.confidence > other.label.confidence)) holder.set(name, face);
  }
  return faces.map(({ holdsNext: _, ...face }) => (face.label.name === UNKNOWN || holder.get(face.label.name)?.track === face.track ? face : { ...face, label: { ...face.label, name: UNKNOWN } }));
}
