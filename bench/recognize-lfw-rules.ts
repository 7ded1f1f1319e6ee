/**
 * Compares matching rules on the vectors `bench/recognize-lfw-collect.ts` wrote: how many synthetic
 * masks per enrolment photo, how a person's samples are pooled, whether the upper-face embedding is
 * added, and cohort score normalisation. Same measures as `bench/recognize-lfw.ts` (threshold for
 * 5 % FAR on even-numbered strangers, rejection measured on the odd-numbered ones).
 *
 *   node --import tsx bench/recognize-lfw-rules.ts /tmp/lfw-dev.json [--only rule-name]
 *   node --import tsx bench/recognize-lfw-rules.ts /tmp/lfw-dev.json --grid
 *
 * `--grid` compares the shipped rule's neighbours instead (vectors collected with `--masks 12
 * --upper-fractions 0.45,0.65 --dlib`): 8, 10 or 12 enrolment masks, top-2/3/4 pooling, the upper
 * view's crop (0.45, 0.55, 0.65 of the chip) and weight (0.5 to 1.5), and dlib ResNet-34's cosine
 * added with weight 0 to 0.5. A rule's score is (cos whole + wu cos upper + wd cos dlib) / (1 + wu + wd).
 *
 * `--mobileface` compares MobileFace (vectors collected with `--dlib --mobileface`): alone (with and
 * without the mirror), and fused at weight wm next to faceres+upper and faceres+upper+dlib:
 * (wf cos whole + wu cos upper + wd cos dlib + wm cos mobileface) / (wf + wu + wd + wm).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { rateAtOrAbove, thresholdForFar } from '../src/recognize/calibrate.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { only: { type: 'string' }, far: { type: 'string', default: '0.05' }, grid: { type: 'boolean', default: false }, mobileface: { type: 'boolean', default: false } },
});
interface V { full: number[]; upper: number[]; extra?: Record<string, number[]> }
interface G extends V { person: string; photo: number; mask: number }
const data = JSON.parse(readFileSync(positionals[0] ?? '/tmp/lfw-vectors.json', 'utf8')) as { people: string[]; gallery: G[]; probes: Array<V & { person: string }>; strangers: V[] };

const dotp = (a: number[], b: number[]): number => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!; return s; };
const unit = (a: number[]): number[] => { const n = Math.sqrt(dotp(a, a)); return a.map((x) => x / n); };
const mean = (vs: number[][]): number[] => unit(vs[0]!.map((_, i) => vs.reduce((s, v) => s + v[i]!, 0)));

interface Rule {
  name: string;
  masks: number;
  pool: 'max' | 'top2' | 'top3' | 'top4' | 'photo-centroid' | 'max+centroid';
  upper: number;
  norm: boolean;
  upperView?: string;
  dlib?: number;
  /** Weight of the whole faceres chip; default 1. */
  full?: number;
  mobileface?: number;
  /** `mobileface` (mirror added) or `mobileface-noflip`. */
  mobilefaceView?: string;
}
const rules: Rule[] = [];
if (values.mobileface) {
  for (const view of ['mobileface-noflip', 'mobileface']) rules.push({ name: `masks8 top3 ${view} alone`, masks: 8, pool: 'top3', upper: 0, norm: false, full: 0, mobileface: 1, mobilefaceView: view });
  for (const dlib of [0, 0.75]) for (const upper of [0.35, 0.5]) for (const mobileface of [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3]) {
    rules.push({ name: `masks8 top3 upper0.55x${upper} dlib${dlib} mobileface${mobileface}`, masks: 8, pool: 'top3', upper, norm: false, dlib, mobileface });
  }
} else if (values.grid) {
  for (const masks of [8, 10, 12]) for (const pool of ['top2', 'top3', 'top4'] as const) for (const upperView of ['upper', 'upper0.45', 'upper0.65']) for (const upper of [0.25, 0.35, 0.5, 0.75, 1, 1.5]) for (const dlib of [0, 0.25, 0.5, 0.75, 1]) {
    rules.push({ name: `masks${masks} ${pool} ${upperView === 'upper' ? 'upper0.55' : upperView}x${upper} dlib${dlib}`, masks, pool, upper, norm: false, upperView, dlib });
  }
} else {
  for (const masks of [3, 5, 8]) for (const pool of ['max', 'top2', 'top3', 'photo-centroid', 'max+centroid'] as const) for (const upper of [0, 0.5, 1]) for (const norm of [false, true]) {
    rules.push({ name: `masks${masks} ${pool} upper${upper}${norm ? ' znorm' : ''}`, masks, pool, upper, norm });
  }
  rules.unshift({ name: 'masks0 max upper0', masks: 0, pool: 'max', upper: 0, norm: false });
}

function view(v: V, key: string): number[] {
  if (key === 'full') return v.full;
  if (key === 'upper') return v.upper;
  const found = v.extra?.[key];
  if (found === undefined) throw new Error(`the vectors have no ${key}: collect them with --upper-fractions / --dlib / --mobileface`);
  return found;
}

/** Cosines of a probe with every gallery vector, per view, computed once (the grid reuses them). */
const galleryIndex = new Map<V, number>(data.gallery.map((g, i) => [g, i]));
const cache = new WeakMap<V, Map<string, Float64Array>>();
function cosine(p: V, s: V, key: string): number {
  const i = galleryIndex.get(s);
  if (i === undefined) return dotp(view(p, key), view(s, key));
  let byKey = cache.get(p);
  if (byKey === undefined) cache.set(p, (byKey = new Map()));
  let row = byKey.get(key);
  if (row === undefined) {
    const pv = view(p, key);
    byKey.set(key, (row = Float64Array.from(data.gallery, (g) => dotp(pv, view(g, key)))));
  }
  return row[i]!;
}

function score(rule: Rule, p: V, s: V): number {
  const upperKey = rule.upperView ?? 'upper';
  const full = rule.full ?? 1;
  const dlib = rule.dlib ?? 0;
  const mobile = rule.mobileface ?? 0;
  const d = dlib === 0 ? 0 : dlib * cosine(p, s, 'dlib');
  const m = mobile === 0 ? 0 : mobile * cosine(p, s, rule.mobilefaceView ?? 'mobileface');
  const f = full === 0 ? 0 : full * cosine(p, s, 'full');
  return (f + (rule.upper === 0 ? 0 : rule.upper * cosine(p, s, upperKey)) + d + m) / (full + rule.upper + dlib + mobile);
}

function build(rule: Rule): Map<string, V[]> {
  const byPerson = new Map<string, V[]>();
  for (const person of data.people) {
    const samples = data.gallery.filter((g) => g.person === person && g.mask < rule.masks);
    let list: V[] = samples;
    if (rule.pool === 'photo-centroid' || rule.pool === 'max+centroid') {
      const photos = [...new Set(samples.map((s) => s.photo))];
      const centroids = photos.map((ph): V => { const m = samples.filter((s) => s.photo === ph && s.mask >= 0); return { full: mean(m.map((x) => x.full)), upper: mean(m.map((x) => x.upper)) }; });
      list = rule.pool === 'photo-centroid' ? [...samples.filter((s) => s.mask < 0), ...centroids] : [...samples, ...centroids];
    }
    byPerson.set(person, list);
  }
  return byPerson;
}

function rank(rule: Rule, index: Map<string, V[]>, p: V): Array<{ name: string; score: number }> {
  const out: Array<{ name: string; score: number }> = [];
  for (const [name, list] of index) {
    const scores = list.map((s) => score(rule, p, s)).sort((a, b) => b - a);
    const k = rule.pool === 'top2' ? 2 : rule.pool === 'top3' ? 3 : rule.pool === 'top4' ? 4 : 1;
    out.push({ name, score: scores.slice(0, k).reduce((a, b) => a + b, 0) / Math.min(k, scores.length) });
  }
  if (rule.norm) {
    const m = out.reduce((a, b) => a + b.score, 0) / out.length;
    const sd = Math.sqrt(out.reduce((a, b) => a + (b.score - m) ** 2, 0) / out.length);
    for (const o of out) o.score = (o.score - m) / sd;
  }
  return out.sort((a, b) => b.score - a.score);
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}`;
console.log(`${data.people.length} people, ${data.gallery.length} gallery vectors, ${data.probes.length} probes, ${data.strangers.length} strangers`);
console.log('rule | closed top-1 % | open-set % | held-out strangers rejected % | threshold');
for (const rule of rules) {
  if (values.only !== undefined && rule.name !== values.only) continue;
  const index = build(rule);
  const strangerScores = data.strangers.map((s) => rank(rule, index, s)[0]!.score);
  const { threshold } = thresholdForFar(strangerScores.filter((_, i) => i % 2 === 0), Number(values.far));
  const heldOut = strangerScores.filter((_, i) => i % 2 === 1);
  const ranked = data.probes.map((p) => ({ person: p.person, best: rank(rule, index, p)[0]! }));
  const top1 = ranked.filter((r) => r.best.name === r.person).length / ranked.length;
  const open = ranked.filter((r) => r.best.name === r.person && r.best.score >= threshold).length / ranked.length;
  console.log(`${rule.name} | ${pct(top1)} | ${pct(open)} | ${pct(1 - rateAtOrAbove(heldOut, threshold))} | ${threshold.toFixed(4)}`);
}
