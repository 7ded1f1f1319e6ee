/**
 * How alike the photos of bench:accuracy's 30 test people are, to choose NEAR_DUPLICATE_COSINE:
 * quantiles of faceres (whole face) cosines for pairs of one person and of different people, and
 * the photos that grouping at several thresholds would join. Reads the bench's feature cache
 * (run `npm run bench:accuracy` once first).
 *
 *   node --import tsx bench/accuracy-near-duplicates.ts
 */
import { loadBenchData } from './accuracy-data.js';
import { FeatureCache } from './accuracy-features.js';
import { nearDuplicateGroups } from '../src/data/near-duplicates.js';
const d = await loadBenchData('../shared/datasets');
const cache = new FeatureCache('.cache/accuracy');
// One at a time: the cache reads its table file on first use, and parallel first calls would each read it.
const vs: Float32Array[] = [];
for (const p of d.enrolled) { const v = (await cache.get(p, 'faceres', 'full'))!; const n = Math.hypot(...v); vs.push(v.map((x) => x / n)); }
const same: number[] = [], diff: number[] = [], sameMasked: number[] = [];
for (let i = 0; i < vs.length; i++) for (let j = i + 1; j < vs.length; j++) {
  let s = 0; for (let k = 0; k < vs[i]!.length; k++) s += vs[i]![k]! * vs[j]![k]!;
  const a = d.enrolled[i]!, b = d.enrolled[j]!;
  if (a.person === b.person) { same.push(s); if (a.group === 'masked' && b.group === 'masked') sameMasked.push(s); } else diff.push(s);
}
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))]!.toFixed(3);
console.log('same', same.length, 'p50', q(same, .5), 'p90', q(same, .9), 'p99', q(same, .99), 'max', q(same, 1));
console.log('same masked-masked', sameMasked.length, 'p50', q(sameMasked, .5), 'p90', q(sameMasked, .9), 'p99', q(sameMasked, .99));
console.log('diff', diff.length, 'p99', q(diff, .99), 'p999', q(diff, .999), 'max', q(diff, 1));
for (const t of [0.8, 0.85, 0.9, 0.95]) { const g = nearDuplicateGroups(d.enrolled, vs, t); const sz = new Map<number, number>(); for (const x of g) sz.set(x, (sz.get(x) ?? 0) + 1); const sh = [...sz.values()].filter((n) => n > 1); console.log(t, 'photos in groups', sh.reduce((a, b) => a + b, 0), 'groups', sh.length, 'max', Math.max(0, ...sh)); }
