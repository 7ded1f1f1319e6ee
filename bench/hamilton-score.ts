/**
 * The Hamilton clip's hand-made ground truth (bench/recognize-hamilton-faces.json) and the lines
 * the benches print when they score a run against it (src/recognize/video/video-truth.ts).
 */
import { readFileSync } from 'node:fs';
import { type ScoredRecord, type TruthScore, type VideoTruth, scoreAgainstTruth } from '../src/recognize/video/video-truth.js';

export const HAMILTON_TRUTH = JSON.parse(readFileSync(new URL('./recognize-hamilton-faces.json', import.meta.url), 'utf8')) as VideoTruth;

const percent = (a: number, b: number): string => `${(100 * a / Math.max(1, b)).toFixed(1)} %`;

export function hamiltonScoreLines(records: readonly ScoredRecord[]): { score: TruthScore; lines: string[] } {
  const score = scoreAgainstTruth(HAMILTON_TRUTH, records);
  const lines = [`ground truth (every ${HAMILTON_TRUTH.made.every}th frame, ${score.annotatedFrames} frames, made by hand ${HAMILTON_TRUTH.made.date}):`];
  for (const [name, s] of Object.entries(score.byName).sort()) lines.push(`  ${name}: named right on ${s.namedRight} of ${s.onScreen} frames on screen = ${percent(s.namedRight, s.onScreen)}`);
  lines.push(`  wrong names ${score.wrongNames} ${JSON.stringify(score.wrongNamePairs)}; boxes named on non-faces ${score.namedNonFaces}; frames with two boxes of one name (all ${HAMILTON_TRUTH.frameCount} frames) ${score.duplicateFrames}`);
  lines.push(`  mask flag on the (unmasked) annotated faces: masked on ${score.maskedFlags} of ${score.maskVerdicts} boxes`);
  return { score, lines };
}
