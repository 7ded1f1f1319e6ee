/**
 * What holds a mask on: ear loops (cloth, surgical, KN95), head straps (N95) and a harness (gas),
 * drawn with @napi-rs/canvas as anti-aliased strokes from the mask's sides towards the ears. A loop
 * on the far side of a turned head is hidden behind it, so it is not drawn.
 */
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { Rgb } from './colors.js';
import type { MaskGeometry, Vec } from './geometry.js';
import type { MaskType } from './options.js';

/** Past this turn (radians) the far ear and its loop are out of sight. */
const HIDDEN_SIDE_YAW = 0.3;

const add = (a: Vec, b: Vec, k = 1): Vec => ({ x: a.x + b.x * k, y: a.y + b.y * k });

function strapColor(type: MaskType, color: Rgb): Rgb {
  if (type === 'surgical' || type === 'kn95' || type === 'n95') return type === 'n95' ? [236, 226, 200] : [240, 240, 236];
  if (type === 'gas') return [30, 30, 32];
  return color;
}

export function drawStraps(ctx: SKRSContext2D, geometry: MaskGeometry, type: MaskType, color: Rgb): void {
  const { across, down, faceWidth, faceHeight, yaw } = geometry;
  const widths: Record<MaskType, number> = { cloth: 0.035, surgical: 0.012, n95: 0.018, kn95: 0.014, gas: 0.08 };
  const [r, g, b] = strapColor(type, color);
  ctx.lineCap = 'round';
  ctx.lineWidth = Math.max(1, widths[type] * faceWidth);
  for (const side of [-1, 1] as const) {
    if (side * yaw > HIDDEN_SIDE_YAW) continue;
    const u = side < 0 ? 0 : 1;
    const top = geometry.at(u, 0.02);
    const bottom = geometry.at(u, 0.8);
    const outward = { x: across.x * side, y: across.y * side };
    // Loops reach the ear about a tenth of the face width outside the jaw; foreshortened when the side turns away.
    const reach = 0.1 * faceWidth * Math.max(0.2, Math.cos(yaw + side * 0.9));
    const ear = add(add(top, outward, reach), down, 0.12 * faceHeight);
    const grad = ctx.createLinearGradient(top.x, top.y, ear.x, ear.y);
    grad.addColorStop(0, `rgb(${r * 0.95},${g * 0.95},${b * 0.95})`);
    grad.addColorStop(1, `rgb(${r * 0.7},${g * 0.7},${b * 0.7})`);
    ctx.strokeStyle = grad;
    ctx.beginPath();
    if (type === 'gas') {
      // The harness: one wide strap from behind each cartridge round the jaw towards the neck.
      const anchor = geometry.at(side < 0 ? 0.2 : 0.8, 0.62);
      const end = add(add(geometry.at(u, 0.75), outward, reach * 0.5), down, 0.05 * faceHeight);
      ctx.moveTo(anchor.x, anchor.y);
      ctx.lineTo(end.x, end.y);
    } else if (type === 'n95') {
      // Two head straps: the upper one back over the ear, the lower one down to the neck.
      for (const [start, slope] of [[geometry.at(u, 0.12), -0.03], [geometry.at(u, 0.7), 0.05]] as const) {
        const end = add(add(start, outward, reach * 0.6), down, slope * faceHeight);
        ctx.moveTo(start.x, start.y);
        ctx.lineTo(end.x, end.y);
      }
    } else {
      const c1 = add(top, outward, reach * 0.9);
      const c2 = add(bottom, outward, reach * 0.9);
      ctx.moveTo(top.x, top.y);
      ctx.quadraticCurveTo(c1.x, c1.y, ear.x, ear.y);
      ctx.quadraticCurveTo(c2.x, c2.y, bottom.x, bottom.y);
    }
    ctx.stroke();
  }
}
