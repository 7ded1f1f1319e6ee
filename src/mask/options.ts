/**
 * Per-call options of `insertMask`, validated by one zod schema (CLI flags and HTTP bodies parse
 * through it). MaskTheFace's mask set: cloth, surgical, N95, KN95 and a gas (half-face respirator).
 */
import { z } from 'zod';
import { createRng } from '../data/random.js';
import { invalidArgument } from '../errors.js';
import { parseColor, type Rgb } from './colors.js';

export const MASK_TYPES = ['cloth', 'surgical', 'n95', 'kn95', 'gas'] as const;
export type MaskType = (typeof MASK_TYPES)[number];

export const MASK_PATTERNS = ['plain', 'stripes', 'dots', 'check', 'camo'] as const;
export type MaskPattern = (typeof MASK_PATTERNS)[number];

export const MaskOptionsSchema = z.object({
  /** Mask type, or `random` to pick one per photo from the seed. Default `cloth` (the paper's choice). */
  type: z.enum([...MASK_TYPES, 'random']).optional(),
  /** A colour name (`black`, `light-blue`, ...) or `#rrggbb`, or `random`. Default: the type's usual colour (cloth: black). */
  color: z.string().optional(),
  /** A printed pattern over the fabric, or `random`. Default `plain`. */
  pattern: z.enum([...MASK_PATTERNS, 'random']).optional(),
  /** Seed of every random choice (type, colour, pattern, fabric grain); the same seed gives the same bytes. Default 0. */
  seed: z.number().int().min(0).max(0xffffffff).optional(),
});
export type MaskOptions = z.input<typeof MaskOptionsSchema>;

export interface ResolvedMaskOptions {
  readonly type: MaskType;
  readonly color: Rgb;
  readonly pattern: MaskPattern;
  /** Seed of the per-photo texture noise, derived from `seed`. */
  readonly textureSeed: number;
  /** How this mask sits, drawn from `seed`: each in [-1, 1], scaled by the geometry (see FitVariation). */
  readonly variation: FitVariation;
}

/** Small per-seed differences in how a mask is worn, so augmented photos are not all alike. */
export interface FitVariation {
  /** Higher (-1) or lower (+1) on the nose bridge. */
  readonly nose: number;
  /** Shorter (-1) or longer (+1) below the chin. */
  readonly chin: number;
  /** Tighter (-1) or looser (+1) at the sides. */
  readonly width: number;
  /** Colour a little darker (-1) or lighter (+1): dye lots and wear. */
  readonly shade: number;
}

/** The colour each type usually comes in. */
export const DEFAULT_COLOR: Readonly<Record<MaskType, string>> = {
  cloth: 'black',
  surgical: 'light-blue',
  n95: 'white',
  kn95: 'white',
  gas: 'charcoal',
};

/** Colours `random` picks from, per type: what such masks are sold in. */
const RANDOM_COLORS: Readonly<Record<MaskType, readonly string[]>> = {
  cloth: ['black', 'white', 'navy', 'grey', 'red', 'light-blue', 'pink', 'beige', 'olive', 'teal'],
  surgical: ['light-blue', 'white', 'light-green', 'pink', 'black'],
  n95: ['white', 'white', 'grey'],
  kn95: ['white', 'black', 'light-blue', 'pink'],
  gas: ['charcoal', 'black', 'grey'],
};

function pick<T>(items: readonly T[], r: number): T {
  return items[Math.min(items.length - 1, Math.floor(r * items.length))] as T;
}

/** Fills defaults and draws every `random` choice from the seed, into a new frozen object. */
export function resolveMaskOptions(options: MaskOptions = {}): ResolvedMaskOptions {
  const parsed = MaskOptionsSchema.safeParse(options);
  if (!parsed.success) throw invalidArgument('mask options', `type one of ${MASK_TYPES.join('|')}|random, pattern one of ${MASK_PATTERNS.join('|')}|random, an integer seed`, options);
  const rng = createRng(parsed.data.seed ?? 0);
  const [typeDraw, colorDraw, patternDraw, textureDraw] = [rng(), rng(), rng(), rng()];
  const variation: FitVariation = Object.freeze({ nose: rng() * 2 - 1, chin: rng() * 2 - 1, width: rng() * 2 - 1, shade: rng() * 2 - 1 });
  const type: MaskType = parsed.data.type === undefined ? 'cloth' : parsed.data.type === 'random' ? pick(MASK_TYPES, typeDraw) : parsed.data.type;
  const colorName = parsed.data.color === undefined ? DEFAULT_COLOR[type] : parsed.data.color === 'random' ? pick(RANDOM_COLORS[type], colorDraw) : parsed.data.color;
  const pattern: MaskPattern =
    parsed.data.pattern === undefined
      ? 'plain'
      : parsed.data.pattern === 'random'
        ? type === 'cloth' ? pick(MASK_PATTERNS, patternDraw) : 'plain'
        : parsed.data.pattern;
  const base = parseColor(colorName);
  // An explicit colour is kept exactly; a default or random one varies by up to 6 %.
  const shade = parsed.data.color === undefined || parsed.data.color === 'random' ? 1 + 0.06 * variation.shade : 1;
  const color: Rgb = [Math.min(255, base[0] * shade), Math.min(255, base[1] * shade), Math.min(255, base[2] * shade)];
  return Object.freeze({ type, color, pattern, textureSeed: Math.floor(textureDraw * 0xffffffff), variation });
}
