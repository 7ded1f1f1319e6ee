/**
 * Face tracks between detections, so a video needs a detector run only every Nth frame: detections
 * are matched to tracks by box overlap (IoU, greedy best-first), and in between the boxes move on at
 * the velocity measured between their last two detections. A track's name is a vote over its
 * recent recognitions, which steadies the label when one frame's face is blurred or turned.
 *
 * What a viewer sees is kept honest three ways (issue 26: on the Hamilton clip a track that lost
 * its face coasted on at its old velocity onto Miranda's chin and hands for 8 frames, named, while a
 * new track on his face was named too, on 24 frames):
 * - only tracks whose face was found by the latest detection are shown; a missed track waits
 *   hidden for `maxMisses` rounds to be matched again, then ends;
 * - a track whose detection jumps (IoU with both its predicted and its last detected box below
 *   `reverifyIou`, 0.3, the old matching floor) forgets its recognitions and is recognised again: a
 *   name belongs to a face, and the box may now hold another face. Such a detection started a new
 *   track before (matching floor 0.3, now 0.2), which was recognised too; at 0.5 the singer's own
 *   moves between detections 8 frames apart re-verified his track 6 times on the clip, all
 *   confirming him, for a quarter of the clip's recognition time;
 * - a known name is shown on one track per frame; another track voting for it shows `unknown`
 *   and is recognised again at the next detection.
 */
import type { Box } from '../../image/types.js';
import { UNKNOWN } from '../open-set.js';

export interface TrackLabel {
  readonly name: string;
  readonly confidence: number;
  readonly masked?: boolean;
  /** The threshold the face was held to (masked and unmasked faces may have their own). */
  readonly threshold?: number;
}

export interface Track {
  readonly id: number;
  /** Box at the current frame (detected or propagated). */
  readonly box: Box;
  /** Whether `box` comes from a detection on this frame. */
  readonly detected: boolean;
  readonly label: TrackLabel | undefined;
  /** Detection frames since the track was last recognised (infinite when it must be recognised). */
  readonly sinceRecognized: number;
  /** Recognitions recorded for this track so far (since its last re-verification). */
  readonly recognitions: number;
  /** Frame from which the track has followed one face: its birth, or its last re-verification. */
  readonly identitySince: number;
}

export interface TrackerOptions {
  /** Minimum IoU between a track's box (predicted or last detected) and a detection to continue the track, in [0, 1]; default 0.2. */
  readonly minIou?: number;
  /** Detection rounds a track survives, hidden, without a matching detection; default 1. */
  readonly maxMisses?: number;
  /** Recognitions kept for the vote; default 5. */
  readonly votes?: number;
  /** Below this IoU with both its predicted and its last detected box, a matched detection is re-verified, in [0, 1]; default 0.3. */
  readonly reverifyIou?: number;
}

export function iou(a: Box, b: Box): number {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width);
  const y2 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

interface TrackState {
  id: number;
  box: Box;
  detectedBox: Box;
  detectedFrame: number;
  /** Per-frame change of x, y, width, height. */
  velocity: readonly [number, number, number, number];
  misses: number;
  detected: boolean;
  history: TrackLabel[];
  sinceRecognized: number;
  recognitions: number;
  identitySince: number;
}

export class FaceTracker {
  private readonly minIou: number;
  private readonly maxMisses: number;
  private readonly maxVotes: number;
  private readonly reverifyIou: number;
  private tracks: TrackState[] = [];
  private nextId = 1;

  constructor(options: TrackerOptions = {}) {
    this.minIou = options.minIou ?? 0.2;
    this.maxMisses = options.maxMisses ?? 1;
    this.maxVotes = options.votes ?? 5;
    this.reverifyIou = options.reverifyIou ?? 0.3;
  }

  /** Forgets every track (a shot change). */
  reset(): void {
    this.tracks = [];
  }

  /** Moves every track to `frame` without a detection; returns the tracks shown. */
  propagate(frame: number): Track[] {
    this.move(frame);
    return this.snapshot();
  }

  private move(frame: number): void {
    for (const t of this.tracks) {
      const dt = frame - t.detectedFrame;
      const [vx, vy, vw, vh] = t.velocity;
      t.box = { x: t.detectedBox.x + vx * dt, y: t.detectedBox.y + vy * dt, width: Math.max(1, t.detectedBox.width + vw * dt), height: Math.max(1, t.detectedBox.height + vh * dt) };
      t.detected = false;
    }
  }

  /** Matches the detections of `frame` to the tracks; returns the tracks shown, new ones included. */
  update(frame: number, boxes: readonly Box[]): Track[] {
    this.move(frame);
    const pairs: Array<[number, number, number]> = [];
    this.tracks.forEach((t, ti) => boxes.forEach((b, bi) => {
      // The last detected box as well as the predicted one: a face that changed direction between
      // detections is where it was, not where its old velocity would have taken it.
      const overlap = Math.max(iou(t.box, b), iou(t.detectedBox, b));
      if (overlap >= this.minIou) pairs.push([overlap, ti, bi]);
    }));
    pairs.sort((a, b) => b[0] - a[0]);
    const usedTracks = new Set<number>();
    const usedBoxes = new Set<number>();
    for (const [overlap, ti, bi] of pairs) {
      if (usedTracks.has(ti) || usedBoxes.has(bi)) continue;
      usedTracks.add(ti);
      usedBoxes.add(bi);
      const t = this.tracks[ti]!;
      const b = boxes[bi]!;
      const dt = Math.max(1, frame - t.detectedFrame);
      t.velocity = [(b.x - t.detectedBox.x) / dt, (b.y - t.detectedBox.y) / dt, (b.width - t.detectedBox.width) / dt, (b.height - t.detectedBox.height) / dt];
      t.box = b;
      t.detectedBox = b;
      t.detectedFrame = frame;
      t.misses = 0;
      t.detected = true;
      if (overlap < this.reverifyIou) this.forgetRecognitions(t, frame);
      else t.sinceRecognized++;
    }
    this.tracks = this.tracks.filter((t, ti) => usedTracks.has(ti) || ++t.misses <= this.maxMisses);
    boxes.forEach((b, bi) => {
      if (usedBoxes.has(bi)) return;
      this.tracks.push({ id: this.nextId++, box: b, detectedBox: b, detectedFrame: frame, velocity: [0, 0, 0, 0], misses: 0, detected: true, history: [], sinceRecognized: Number.POSITIVE_INFINITY, recognitions: 0, identitySince: frame });
    });
    return this.snapshot();
  }

  /** Records a recognition of a track; its label becomes the vote over its recent recognitions. */
  label(id: number, recognition: TrackLabel): void {
    const t = this.tracks.find((s) => s.id === id);
    if (t === undefined) return;
    t.history.push(recognition);
    if (t.history.length > this.maxVotes) t.history.shift();
    t.sinceRecognized = 0;
    t.recognitions++;
  }

  /** The tracks shown now (labels included), without moving them. */
  current(): Track[] {
    return this.snapshot();
  }

  private forgetRecognitions(t: TrackState, frame: number): void {
    t.identitySince = frame;
    t.history = [];
    t.recognitions = 0;
    t.sinceRecognized = Number.POSITIVE_INFINITY;
  }

  /**
   * The tracks matched by the latest detection, each with its vote; a known name voted by several
   * is kept by the strongest claim (`claimsBefore`) and the others show `unknown`, to be recognised
   * again at the next detection.
   */
  private snapshot(): Track[] {
    const shown = this.tracks.filter((t) => t.misses === 0).map((t) => ({ state: t, label: vote(t.history) }));
    const holder = new Map<string, (typeof shown)[number]>();
    for (const entry of shown) {
      const name = entry.label?.name;
      if (name === undefined || name === UNKNOWN) continue;
      const other = holder.get(name);
      if (other === undefined || claimsBefore(entry.state, entry.label!, other.state, other.label!)) holder.set(name, entry);
    }
    return shown.map(({ state: t, label }) => {
      const shadowed = label !== undefined && label.name !== UNKNOWN && holder.get(label.name)?.state !== t;
      if (shadowed) t.sinceRecognized = Number.POSITIVE_INFINITY;
      const shownLabel = shadowed ? { ...label, name: UNKNOWN } : label;
      return { id: t.id, box: t.box, detected: t.detected, label: shownLabel, sinceRecognized: t.sinceRecognized, recognitions: t.recognitions, identitySince: t.identitySince };
    });
  }
}

/** Whether track `a` has the stronger claim to its voted name: its latest recognition says so and `b`'s does not, else the higher voted confidence. */
function claimsBefore(a: TrackState, aLabel: TrackLabel, b: TrackState, bLabel: TrackLabel): boolean {
  const aLatest = a.history[a.history.length - 1]?.name === aLabel.name;
  const bLatest = b.history[b.history.length - 1]?.name === bLabel.name;
  if (aLatest !== bLatest) return aLatest;
  return aLabel.confidence > bLabel.confidence;
}

/**
 * A known name outvotes `unknown`: a face turned away or blurred on one recognition scores below
 * the threshold, which says "not sure", not "someone else". Among known names the most frequent
 * wins (ties: higher mean confidence); a track with no known name is `unknown`.
 */
function vote(history: readonly TrackLabel[]): TrackLabel | undefined {
  if (history.length === 0) return undefined;
  const known = history.filter((h) => h.name !== UNKNOWN);
  const pool = known.length > 0 ? known : history;
  const tally = new Map<string, { count: number; confidence: number }>();
  for (const h of pool) {
    const e = tally.get(h.name) ?? { count: 0, confidence: 0 };
    e.count++;
    e.confidence += h.confidence;
    tally.set(h.name, e);
  }
  let best: [string, { count: number; confidence: number }] | undefined;
  for (const entry of tally) {
    if (best === undefined || entry[1].count > best[1].count || (entry[1].count === best[1].count && entry[1].confidence > best[1].confidence)) best = entry;
  }
  const [name, { count, confidence }] = best!;
  const last = history[history.length - 1]!;
  // The latest recognition's mask state and threshold: an unsure track is rechecked against the threshold its face was held to.
  return { name, confidence: confidence / count, ...(last.masked === undefined ? {} : { masked: last.masked }), ...(last.threshold === undefined ? {} : { threshold: last.threshold }) };
}
