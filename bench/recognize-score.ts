/**
 * Scores any recognition run of the Hamilton clip against its hand-made ground truth: the JSON
 * lines of `maskface recognize <gallery> short_hamilton_clip.mp4 --json` (one record per face, then
 * a summary line, which is skipped).
 *
 *   node bin/maskface.js recognize g.db ../shared/datasets/media/press/short_hamilton_clip.mp4 --json > run.jsonl
 *   node --import tsx bench/recognize-score.ts run.jsonl
 */
import { readFileSync } from 'node:fs';
import type { ScoredRecord } from '../src/recognize/video/video-truth.js';
import { hamiltonScoreLines } from './hamilton-score.js';

const file = process.argv[2];
if (file === undefined) {
  console.error('usage: node --import tsx bench/recognize-score.ts <records.jsonl>');
  process.exit(2);
}
const records: ScoredRecord[] = readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('{"frame"')).map((l) => JSON.parse(l) as ScoredRecord);
console.log(`${records.length} records from ${file}`);
for (const line of hamiltonScoreLines(records).lines) console.log(line);
