/**
 * How the mask classifier's cutoff is chosen from scored photos that trained nothing (out-of-fold
 * scores of bench/recognize-mask-dev.ts and bench/recognize-mask-train.ts), and the person folds.
 */
import type { MaskPhoto } from './mask-classifier-data.js';

/** Folds of the cross-validation by person. */
export const MASK_FOLDS = 5;
/** Share of the masked photos the `sure` cutoff must still call masked. */
export const MASKED_RECALL = 0.98;
/** Share of each group the flag must call right (issue 26): the `centred` cutoff sits mid-way between where a group falls below it. */
export const TARGET_RATE = 0.98;

/** The fold of a person: a hash of the name, so a person's fold never depends on who else is listed. */
export function foldOf(person: string): number {
  let h = 0x811c9dc5;
  for (const ch of person) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 0x01000193);
  return (h >>> 0) % MASK_FOLDS;
}

export interface ScoredPhoto {
  readonly photo: MaskPhoto;
  /** The classifier's probability of a mask. */
  readonly probability: number;
}

export interface Rates {
  /** Shares called right, in [0, 1]: real RMFD masks called masked, unmasked RMFD and LFW faces called unmasked. */
  readonly rmfdMasked: number;
  readonly rmfdUnmasked: number;
  readonly lfwUnmasked: number;
}

/** Rates at a cutoff, and as text (`98.4 % (455 of 463)`). */
export interface RatesAt {
  readonly cutoff: number;
  readonly rates: Rates;
  readonly rmfdMasked: string;
  readonly rmfdUnmasked: string;
  readonly lfwUnmasked: string;
}

const groups = (scored: readonly ScoredPhoto[]): Record<keyof Rates, ScoredPhoto[]> => ({
  rmfdMasked: scored.filter((s) => s.photo.masked && !s.photo.synthetic && s.photo.source === 'rmfd'),
  rmfdUnmasked: scored.filter((s) => !s.photo.masked && s.photo.source === 'rmfd'),
  lfwUnmasked: scored.filter((s) => !s.photo.masked && s.photo.source === 'lfw'),
});

export function ratesAt(scored: readonly ScoredPhoto[], cutoff: number): RatesAt {
  const g = groups(scored);
  const right = (list: readonly ScoredPhoto[]): number => list.filter((s) => (s.probability >= cutoff) === s.photo.masked).length;
  const share = (list: readonly ScoredPhoto[]): number => right(list) / Math.max(1, list.length);
  const text = (list: readonly ScoredPhoto[]): string => `${(100 * share(list)).toFixed(1)} % (${right(list)} of ${list.length})`;
  return {
    cutoff,
    rates: { rmfdMasked: share(g.rmfdMasked), rmfdUnmasked: share(g.rmfdUnmasked), lfwUnmasked: share(g.lfwUnmasked) },
    rmfdMasked: text(g.rmfdMasked),
    rmfdUnmasked: text(g.rmfdUnmasked),
    lfwUnmasked: text(g.lfwUnmasked),
  };
}

const lowest = (r: Rates): number => Math.min(r.rmfdMasked, r.rmfdUnmasked, r.lfwUnmasked);

const logit = (p: number): number => Math.log(p / (1 - p));
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * Three cutoff rules on scored photos:
 * - `sure`: the highest cutoff (>= 0.5) that still calls MASKED_RECALL of the real masks masked
 *   (the rule shipped first: unsure means unmasked);
 * - `balanced`: the cutoff whose lowest rate of the three groups is highest, the middle of the first run
 *   of cutoffs that reach it;
 * - `centred`: the middle, in log-odds, of the range of cutoffs at which every group's rate is at
 *   least TARGET_RATE, so that new people's scores may drift as far either way before a group drops
 *   below it (`balanced` where no cutoff reaches it).
 */
export function cutoffRules(scored: readonly ScoredPhoto[]): { sure: RatesAt; balanced: RatesAt; centred: RatesAt } {
  const masks = groups(scored).rmfdMasked.map((s) => s.probability).sort((a, b) => a - b);
  const sure = Math.max(0.5, masks[Math.floor((1 - MASKED_RECALL) * masks.length)] ?? 0.5);
  const cutoffs = [...new Set(scored.map((s) => s.probability))].sort((a, b) => a - b);
  let best = -1;
  let from = 0.5;
  let to = 0.5;
  let extending = false;
  for (const c of cutoffs) {
    const value = lowest(ratesAt(scored, c).rates);
    if (value > best) [best, from, to] = [value, c, c];
    else if (value === best && extending) to = c;
    extending = value === best;
  }
  const feasible = cutoffs.filter((c) => lowest(ratesAt(scored, c).rates) >= TARGET_RATE);
  const balanced = (from + to) / 2;
  const centred = feasible.length === 0 ? balanced : sigmoid((logit(feasible[0]!) + logit(feasible[feasible.length - 1]!)) / 2);
  return { sure: ratesAt(scored, sure), balanced: ratesAt(scored, balanced), centred: ratesAt(scored, centred) };
}
