/**
 * What a mask looks like at mask coordinates (u across, v down): its colour, lit as a curved
 * surface turned with the head, and each type's structure: weave and a centre seam (cloth), three
 * pleats, nose wire and bound edges (surgical), a cup with a valve (N95), two welded panels (KN95),
 * a rubber half-mask with two filter cartridges (gas). Every function here is pure.
 */
import type { Rgb } from './colors.js';
import { fractalNoise, valueNoise } from './noise.js';
import type { MaskPattern, MaskType } from './options.js';

export interface ShadeContext {
  readonly type: MaskType;
  readonly color: Rgb;
  readonly pattern: MaskPattern;
  readonly seed: number;
  /** Head turn, radians, positive when the nose points to the photo's right. */
  readonly yaw: number;
  /** Mask width and height in photo pixels, to size textures and anti-alias drawn shapes. */
  readonly widthPx: number;
  readonly heightPx: number;
}

/** Colour in 0..255 (may overshoot; the compositor clamps) and the coverage the type adds, in [0, 1]. */
export interface Shade {
  r: number;
  g: number;
  b: number;
  alpha: number;
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);
const smoothstep = (a: number, b: number, x: number): number => {
  const t = clamp01((x - a) / (b - a));
  return t * t * (3 - 2 * t);
};
/** Coverage of a shape from its signed distance in pixels (negative inside): a one-pixel anti-aliased edge. */
const coverage = (distancePx: number): number => clamp01(0.5 - distancePx);

const LIGHT = (() => {
  const l = [0.15, -0.55, 1];
  const n = Math.hypot(l[0] as number, l[1] as number, l[2] as number);
  return l.map((c) => c / n) as [number, number, number];
})();

/** Lambert light on the surface whose horizontal angle is `phi` and vertical tilt `psi` (positive: facing down). */
function lambert(phi: number, psi: number): number {
  const nx = Math.sin(phi) * Math.cos(psi);
  const ny = Math.sin(psi);
  const nz = Math.cos(phi) * Math.cos(psi);
  return Math.max(0, nx * LIGHT[0] + ny * LIGHT[1] + nz * LIGHT[2]);
}

/** The vertical tilt of a mask: a little up over the nose, turning down under the chin. */
function tilt(v: number, chinTurn: number): number {
  return chinTurn * smoothstep(0.68, 1.02, v) - 0.3 * (1 - smoothstep(0, 0.3, v));
}

function luminance(c: Rgb): number {
  return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
}

/** A printed pattern: 0 where the base colour shows, 1 where the print colour does. */
function printAmount(pattern: MaskPattern, u: number, v: number, ctx: ShadeContext): number {
  const aspect = ctx.heightPx / Math.max(1, ctx.widthPx);
  const pxPerUnit = ctx.widthPx;
  switch (pattern) {
    case 'plain':
      return 0;
    case 'stripes': {
      const s = (u + v * aspect) * 9;
      const d = (Math.abs(s - Math.round(s)) - 0.22) * (pxPerUnit / 9);
      return coverage(d);
    }
    case 'dots': {
      const gx = u * 8;
      const gy = v * 8 * aspect + (Math.floor(u * 8) % 2) * 0.5;
      const d = (Math.hypot(gx - Math.round(gx), gy - Math.round(gy)) - 0.2) * (pxPerUnit / 8);
      return coverage(d);
    }
    case 'check': {
      const a = Math.floor(u * 7) % 2;
      const b = Math.floor(v * 7 * aspect) % 2;
      return (a + b) * 0.5;
    }
    case 'camo': {
      const n = fractalNoise(u * 5, v * 5 * aspect, ctx.seed + 7);
      return n > 0.58 ? 1 : n > 0.45 ? 0.5 : 0;
    }
  }
}

function printColor(base: Rgb): Rgb {
  return luminance(base) < 110 ? [226, 224, 218] : [38, 40, 48];
}

export function shade(u: number, v: number, ctx: ShadeContext): Shade {
  const { type, yaw, widthPx, heightPx, seed } = ctx;
  let base: Rgb = ctx.color;
  const amount = printAmount(ctx.pattern, u, v, ctx);
  if (amount > 0) {
    const print = printColor(base);
    base = [base[0] + (print[0] - base[0]) * amount, base[1] + (print[1] - base[1]) * amount, base[2] + (print[2] - base[2]) * amount];
  }
  const dark = 1 - luminance(base) / 255;
  const edgePx = Math.min(u * widthPx, (1 - u) * widthPx, v * heightPx, (1 - v) * heightPx);
  let phi = (u - 0.5) * 2.1 + yaw;
  let light = 1;
  let sheen = 0;
  let alpha = 1;
  let overlay: Rgb | undefined;
  let overlayAmount = 0;

  if (type === 'cloth') {
    const seamPx = Math.abs(u - 0.5) * widthPx;
    phi += 0.12 * Math.sign(u - 0.5) * smoothstep(0, 0.12, Math.abs(u - 0.5));
    const diffuse = lambert(phi, tilt(v, 1.2));
    light = 0.42 + 0.62 * diffuse;
    const period = Math.max(2.5, widthPx / 70);
    light *= 1 + 0.05 * Math.sin((u * widthPx * 2 * Math.PI) / period) * Math.sin((v * heightPx * 2 * Math.PI) / period);
    light *= 0.94 + 0.12 * fractalNoise((u * widthPx) / 7, (v * heightPx) / 7, seed);
    light *= 1 - 0.08 * smoothstep(0.35, 0.75, fractalNoise(u * 3, v * 9, seed + 3));
    light *= 1 - 0.3 * Math.exp(-((seamPx / Math.max(0.7, widthPx / 160)) ** 2)) * smoothstep(0.02, 0.1, v);
    light *= 1 - 0.18 * (1 - smoothstep(0.8, 2.5, edgePx));
    sheen = 26 * dark * diffuse ** 6;
  } else if (type === 'surgical') {
    const diffuse = lambert(phi, tilt(v, 1.0));
    light = 0.5 + 0.55 * diffuse;
    const pleatTop = 0.24;
    const pleatHeight = 0.19;
    const k = (v - pleatTop) / pleatHeight;
    if (k >= 0 && k < 3) {
      const t = k - Math.floor(k);
      const tPx = t * pleatHeight * heightPx;
      light *= 1.05 - 0.13 * t;
      light *= 1 - 0.3 * smoothstep(0.8, 1, t);
      light *= 1 + 0.08 * (1 - smoothstep(0, 1.5, tPx));
    }
    light *= v < 0.08 ? 1.03 + 0.04 * Math.sin((v / 0.08) * Math.PI) : 1;
    const bindPx = Math.min(u, 1 - u) * widthPx;
    const band = Math.max(1.5, widthPx * 0.035);
    if (bindPx < band) light *= 0.95 - 0.06 * (1 - smoothstep(band - 1, band, bindPx));
    light *= 0.97 + 0.06 * valueNoise((u * widthPx) / 2, (v * heightPx) / 2, seed);
    sheen = 10 * diffuse ** 8;
  } else if (type === 'n95') {
    const du = u - 0.5;
    const dv = (v - 0.55) * (heightPx / widthPx);
    const diffuse = lambert(phi * 1.05, tilt(v, 1.1) + dv * 0.8);
    light = (0.45 + 0.6 * diffuse) * (1 - 0.18 * (du * du + dv * dv) * 2);
    light *= 1 - 0.18 * (1 - smoothstep(0.6, 2.2, edgePx));
    light *= 0.97 + 0.06 * valueNoise((u * widthPx) / 1.8, (v * heightPx) / 1.8, seed);
    // The exhalation valve: a rounded box with slots, lit from above, shadowing the cup below it.
    const halfW = 0.15 * widthPx;
    const halfH = 0.11 * heightPx * 1.0;
    const radius = Math.min(halfW, halfH) * 0.6;
    const cx = du * widthPx;
    const cy = (v - 0.6) * heightPx;
    const qx = Math.abs(cx) - halfW + radius;
    const qy = Math.abs(cy) - halfH + radius;
    const sdf = Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
    const shadowSdf = Math.hypot(Math.max(qx, 0), Math.max(Math.abs(cy - halfH * 0.35) - halfH + radius, 0)) - radius;
    light *= 1 - 0.25 * (1 - smoothstep(0, Math.max(1.5, halfW * 0.25), shadowSdf)) * (cy > 0 ? 1 : 0.3);
    const valve = coverage(sdf);
    if (valve > 0) {
      const ny = cy / halfH;
      let valveLight = 0.95 - 0.3 * ny;
      const slots = Math.sin(((ny + 1) / 2) * Math.PI * 5);
      if (Math.abs(cx) < halfW * 0.7 && Math.abs(ny) < 0.7) valveLight *= 1 - 0.35 * smoothstep(0.5, 0.9, slots);
      valveLight *= 1 - 0.25 * (1 - smoothstep(0, 2, -sdf));
      overlay = luminance(base) > 140 ? [205, 205, 200].map((c) => c * valveLight) as unknown as Rgb : [70, 72, 76].map((c) => c * valveLight) as unknown as Rgb;
      overlayAmount = valve;
    }
    sheen = 8 * diffuse ** 8;
  } else if (type === 'kn95') {
    const side = Math.sign(u - 0.5);
    const panel = 0.5 * side * smoothstep(0, 1.2 / widthPx, Math.abs(u - 0.5));
    const diffuse = lambert(phi * 0.45 + panel, tilt(v, 0.9));
    light = 0.45 + 0.6 * diffuse;
    const seamPx = Math.abs(u - 0.5) * widthPx;
    light *= 1 - 0.22 * Math.exp(-((seamPx / Math.max(0.6, widthPx / 200)) ** 2));
    const weld = Math.max(1.5, widthPx * 0.045);
    if (edgePx < weld) {
      const dots = Math.sin(((u + v) * widthPx * Math.PI) / 2.2);
      light *= 0.93 - 0.05 * smoothstep(0.3, 0.9, dots) * smoothstep(weld * 0.2, weld * 0.5, edgePx);
    }
    light *= 0.97 + 0.06 * valueNoise((u * widthPx) / 1.8, (v * heightPx) / 1.8, seed);
    sheen = 8 * diffuse ** 8;
  } else {
    // gas: a rubber half-mask (narrow at the nose, wide at the chin) and two round filter cartridges.
    const halfWidth = 0.2 + 0.2 * smoothstep(0, 0.7, v);
    const bodySdf = (Math.abs(u - 0.5) - halfWidth) * widthPx;
    const body = coverage(bodySdf);
    const diffuse = lambert(phi, tilt(v, 1.1));
    light = 0.35 + 0.75 * diffuse;
    light *= 1 - 0.2 * (1 - smoothstep(0.5, 3, -bodySdf));
    sheen = 60 * diffuse ** 14;
    // The front valve cover: a small grille below the nose.
    const gx = (u - 0.5) * widthPx;
    const gy = (v - 0.66) * heightPx;
    const grille = Math.max(Math.abs(gx) - 0.09 * widthPx, Math.abs(gy) - 0.08 * heightPx);
    if (grille < 0) light *= 1.25 * (1 - 0.35 * smoothstep(0.3, 0.8, Math.sin((gy / (0.08 * heightPx)) * Math.PI * 3)));
    alpha = body;
    // Cartridges: discs seen at an angle (foreshortened by the turn of the cheek they sit on).
    for (const cu of [0.2, 0.8]) {
      const cphi = (cu - 0.5) * 2.1 + yaw;
      const squash = Math.max(0.35, Math.cos(cphi * 0.8));
      const r = 0.19 * widthPx;
      const dx = ((u - cu) * widthPx) / squash;
      const dy = (v - 0.6) * heightPx;
      const dist = Math.hypot(dx, dy);
      const disc = coverage(dist - r);
      if (disc <= 0) continue;
      const rim = 1 - 0.35 * smoothstep(r * 0.78, r * 0.86, dist) * (1 - smoothstep(r * 0.9, r, dist));
      const ridges = 1 - 0.12 * smoothstep(0.4, 0.9, Math.sin((dist / r) * Math.PI * 7)) * (dist < r * 0.7 ? 1 : 0);
      const lit = 0.6 + 0.5 * clamp01(0.6 - (dy / r) * 0.5 - (dx / r) * 0.2);
      const cartridge: Rgb = [196, 72, 132];
      const c = lit * rim * ridges;
      overlay = [cartridge[0] * c + 30 * lit ** 6, cartridge[1] * c + 30 * lit ** 6, cartridge[2] * c + 30 * lit ** 6];
      overlayAmount = disc;
      alpha = Math.max(alpha, disc);
    }
  }
  let r = base[0] * light + sheen;
  let g = base[1] * light + sheen;
  let b = base[2] * light + sheen;
  if (overlay && overlayAmount > 0) {
    r += (overlay[0] - r) * overlayAmount;
    g += (overlay[1] - g) * overlayAmount;
    b += (overlay[2] - b) * overlayAmount;
  }
  return { r, g, b, alpha };
}
