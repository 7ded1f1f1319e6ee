/** Mask colours: a few names for what masks are sold in, or any `#rrggbb`. */
import { invalidArgument } from '../errors.js';

export type Rgb = readonly [number, number, number];

export const NAMED_COLORS: Readonly<Record<string, Rgb>> = {
  black: [28, 28, 30],
  charcoal: [52, 54, 58],
  grey: [128, 130, 134],
  gray: [128, 130, 134],
  white: [236, 236, 232],
  'light-blue': [132, 182, 222],
  blue: [40, 90, 170],
  navy: [30, 40, 72],
  'light-green': [150, 206, 176],
  green: [50, 120, 70],
  olive: [96, 100, 60],
  teal: [30, 120, 128],
  red: [170, 30, 40],
  pink: [232, 166, 184],
  beige: [214, 196, 166],
  yellow: [226, 196, 60],
};

/** `black`, `light-blue`, `#1a2b3c` or `#abc`. */
export function parseColor(value: string): Rgb {
  const key = value.trim().toLowerCase();
  const named = NAMED_COLORS[key];
  if (named) return named;
  const hex = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/.exec(key)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    return [parseInt(full.slice(0, 2), 16), parseInt(full.slice(2, 4), 16), parseInt(full.slice(4, 6), 16)];
  }
  throw invalidArgument('mask colour', `one of ${Object.keys(NAMED_COLORS).join(', ')}, random, or #rrggbb`, value);
}
