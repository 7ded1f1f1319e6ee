/**
 * Shared drawing set-up of the report's figures (@napi-rs/canvas, Skia): one font registered from
 * the Debian file so figures render the same on every machine with fonts-dejavu-core, and axes with
 * "nice" tick values.
 */
import { existsSync } from 'node:fs';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';

export const FONT_FAMILY = 'DejaVu Sans';
const FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

let fontRegistered = false;

/** A white canvas ready to draw on; `encode()` gives the PNG bytes. */
export function whiteCanvas(width: number, height: number): { ctx: SKRSContext2D; encode: () => Promise<Buffer> } {
  if (!fontRegistered && existsSync(FONT_FILE)) GlobalFonts.registerFromPath(FONT_FILE, FONT_FAMILY);
  fontRegistered = true;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  return { ctx, encode: () => canvas.encode('png') };
}

export function font(ctx: SKRSContext2D, sizePx: number, bold = false): void {
  ctx.font = `${bold ? 'bold ' : ''}${sizePx}px "${FONT_FAMILY}"`;
}

/** About `count` round tick values (1, 2 or 5 times a power of ten apart) covering [min, max]. */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toFixed(10)));
  return ticks;
}
