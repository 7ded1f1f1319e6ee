/**
 * The mask's shape, built from the 68 landmarks themselves (MaskTheFace warps a template onto six
 * of them; here the outline *is* the landmarks): the top edge runs from the cheeks under the eyes
 * up over the nose bridge (landmarks 28-29), the sides and bottom follow the jaw (2-14) and drop
 * below the chin (8). A turned face has a compressed far side because its jaw points are. The
 * inside is a Coons patch over those four edges, so every pixel gets mask coordinates (u across,
 * v down) that pleats, seams and valves are drawn in.
 */
import { invalidArgument } from '../errors.js';
import type { Landmarks68, Point } from '../face/types.js';
import type { FitVariation, MaskType } from './options.js';

export interface Vec {
  x: number;
  y: number;
}

const add = (a: Point, b: Point): Vec => ({ x: a.x + b.x, y: a.y + b.y });
const sub = (a: Point, b: Point): Vec => ({ x: a.x - b.x, y: a.y - b.y });
const scale = (a: Point, k: number): Vec => ({ x: a.x * k, y: a.y * k });
const lerp = (a: Point, b: Point, t: number): Vec => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });
const dot = (a: Point, b: Point): number => a.x * b.x + a.y * b.y;
const unit = (a: Point): Vec => {
  const n = Math.hypot(a.x, a.y) || 1;
  return { x: a.x / n, y: a.y / n };
};
const mean = (points: readonly Point[]): Vec => scale(points.reduce<Vec>((s, p) => add(s, p), { x: 0, y: 0 }), 1 / points.length);

/** How each type sits on the face, in units of face width (W) or eyes-to-chin height (H). */
interface Fit {
  /** Top centre between landmark 28 (0) and 29 (1). */
  readonly noseAt: number;
  /** Jaw index (fractional, 0-16 scale) of the top corners, left side; the right mirrors it. */
  readonly topCorner: number;
  /** Jaw index of the bottom corners of the patch (where the side edge turns into the bottom edge). */
  readonly bottomCorner: number;
  /** Push of the jaw outline away from the face centre, in W. */
  readonly sideOut: number;
  /** Drop of the bottom below the chin, in H. */
  readonly chinDrop: number;
  /** How far below the lowest eye point the under-eye part of the top edge stays, in H. */
  readonly underEye: number;
}

const FITS: Readonly<Record<MaskType, Fit>> = {
  cloth: { noseAt: 0.25, topCorner: 1.3, bottomCorner: 4.5, sideOut: 0.035, chinDrop: 0.1, underEye: 0.1 },
  surgical: { noseAt: 0.35, topCorner: 1.2, bottomCorner: 4.2, sideOut: 0.045, chinDrop: 0.09, underEye: 0.1 },
  n95: { noseAt: 0.15, topCorner: 1.6, bottomCorner: 4.8, sideOut: 0.02, chinDrop: 0.07, underEye: 0.09 },
  kn95: { noseAt: 0.2, topCorner: 1.4, bottomCorner: 5.0, sideOut: 0.03, chinDrop: 0.13, underEye: 0.09 },
  gas: { noseAt: 0.25, topCorner: 1.6, bottomCorner: 4.6, sideOut: 0.03, chinDrop: 0.04, underEye: 0.1 },
};

export interface MaskGeometry {
  /** Face right (as seen in the photo) and down, unit vectors: the head's roll. */
  readonly across: Vec;
  readonly down: Vec;
  /** Face width (jaw 0 to 16) and eyes-to-chin height, in pixels. */
  readonly faceWidth: number;
  readonly faceHeight: number;
  /** Head turn in radians, positive when the nose points to the photo's right. */
  readonly yaw: number;
  /** Nothing of the mask may lie above this line: points q with dot(q - eyeLineOrigin, down) < 0. */
  readonly eyeLineOrigin: Vec;
  /** Point of the mask surface at mask coordinates (u, v) in [0, 1]^2. */
  at(u: number, v: number): Vec;
  /** The closed outline, clockwise in the photo, `samplesPerSide` x 4 points. */
  outline(samplesPerSide: number): Vec[];
}

/** Catmull-Rom through `points`, evaluated at fractional index s (clamped at the ends). */
function spline(points: readonly Vec[], s: number): Vec {
  const n = points.length;
  const i = Math.max(0, Math.min(n - 2, Math.floor(s)));
  const t = Math.max(0, Math.min(1, s - i));
  const p0 = points[Math.max(0, i - 1)] as Vec;
  const p1 = points[i] as Vec;
  const p2 = points[i + 1] as Vec;
  const p3 = points[Math.min(n - 1, i + 2)] as Vec;
  const t2 = t * t;
  const t3 = t2 * t;
  const c = (a: number, b: number, cc: number, d: number): number =>
    0.5 * (2 * b + (-a + cc) * t + (2 * a - 5 * b + 4 * cc - d) * t2 + (-a + 3 * b - 3 * cc + d) * t3);
  return { x: c(p0.x, p1.x, p2.x, p3.x), y: c(p0.y, p1.y, p2.y, p3.y) };
}

/** How far FitVariation moves each fit parameter at its extremes (same units as Fit). */
const VARIATION = { noseAt: 0.12, chinDrop: 0.025, sideOut: 0.012 };
const NO_VARIATION: FitVariation = { nose: 0, chin: 0, width: 0, shade: 0 };

export function fitMask(landmarks: Landmarks68, type: MaskType, variation: FitVariation = NO_VARIATION): MaskGeometry {
  if (landmarks.length !== 68 || landmarks.some((p) => !Number.isFinite(p.x) || !Number.isFinite(p.y))) {
    throw invalidArgument('insertMask landmarks', '68 finite points in iBUG 300-W order', `${landmarks.length} points`);
  }
  const p = (i: number): Point => landmarks[i] as Point;
  const fixed = FITS[type];
  const fit: Fit = {
    ...fixed,
    noseAt: Math.max(0, Math.min(0.6, fixed.noseAt + VARIATION.noseAt * variation.nose)),
    chinDrop: Math.max(0, fixed.chinDrop + VARIATION.chinDrop * variation.chin),
    sideOut: Math.max(0, fixed.sideOut + VARIATION.sideOut * variation.width),
  };
  const eyeLeft = mean(landmarks.slice(36, 42));
  const eyeRight = mean(landmarks.slice(42, 48));
  const eyeMid = lerp(eyeLeft, eyeRight, 0.5);
  const across = unit(sub(eyeRight, eyeLeft));
  const down: Vec = { x: -across.y, y: across.x };
  const faceWidth = Math.max(1, dot(sub(p(16), p(0)), across));
  const faceHeight = Math.max(1, dot(sub(p(8), eyeMid), down));
  const noseToLeft = dot(sub(p(30), p(0)), across);
  const noseToRight = dot(sub(p(16), p(30)), across);
  const yaw = Math.asin(Math.max(-1, Math.min(1, (noseToLeft - noseToRight) / Math.max(1, noseToLeft + noseToRight))));

  const eyeBottom = Math.max(...landmarks.slice(36, 48).map((q) => dot(sub(q, eyeMid), down)));
  const eyeLineOrigin = add(eyeMid, scale(down, eyeBottom + 0.03 * faceHeight));
  /** Keeps a point at least `margin` H below the lowest eye point. */
  const belowEyes = (q: Vec, margin: number): Vec => {
    const depth = dot(sub(q, eyeMid), down) - (eyeBottom + margin * faceHeight);
    return depth >= 0 ? q : add(q, scale(down, -depth));
  };

  // The jaw pushed out from the nose and, around the chin, down.
  const centre = mean(landmarks.slice(27, 36));
  const jaw: Vec[] = landmarks.slice(0, 17).map((q, i) => {
    const chinWeight = Math.max(0, Math.cos(((i - 8) / 5) * (Math.PI / 2)));
    // Up at the cheekbones the mask lies on the face; lower down it stands off the jaw.
    const fromTop = Math.min(1, Math.max(0, (Math.min(i, 16 - i) - 1) / 4));
    // On the far side of a turned head the mask wraps round the cheek out of sight: no stand-off past the contour.
    const farSide = (i > 8 && yaw > 0) || (i < 8 && yaw < 0) ? Math.max(0, 1 - 3 * Math.abs(yaw)) : 1;
    const out = fit.sideOut * faceWidth * (0.3 + 0.7 * fromTop) * farSide;
    return add(add(q, scale(unit(sub(q, centre)), out)), scale(down, fit.chinDrop * faceHeight * chinWeight ** 1.5));
  });
  const jawAt = (s: number): Vec => spline(jaw, s);

  const topLeft = belowEyes(jawAt(fit.topCorner), fit.underEye);
  const topRight = belowEyes(jawAt(16 - fit.topCorner), fit.underEye);
  const nose = lerp(p(28), p(29), fit.noseAt);
  const underEyeLeft = belowEyes(lerp(topLeft, nose, 0.5), fit.underEye);
  const underEyeRight = belowEyes(lerp(topRight, nose, 0.5), fit.underEye);
  const top = [topLeft, underEyeLeft, nose, underEyeRight, topRight];
  const topAt = (u: number): Vec => spline(top, u * 4);
  const bottomAt = (u: number): Vec =>
    u <= 0.5 ? jawAt(fit.bottomCorner + (8 - fit.bottomCorner) * (u / 0.5)) : jawAt(8 + (8 - fit.bottomCorner) * ((u - 0.5) / 0.5));
  const leftAt = (v: number): Vec => (v === 0 ? topLeft : jawAt(fit.topCorner + (fit.bottomCorner - fit.topCorner) * v));
  const rightAt = (v: number): Vec => (v === 0 ? topRight : jawAt(16 - fit.topCorner - (fit.bottomCorner - fit.topCorner) * v));
  const [t0, t1, b0, b1] = [topAt(0), topAt(1), bottomAt(0), bottomAt(1)];

  const at = (u: number, v: number): Vec => {
    const t = topAt(u);
    const b = bottomAt(u);
    const l = leftAt(v);
    const r = rightAt(v);
    const x = (1 - v) * t.x + v * b.x + (1 - u) * l.x + u * r.x - ((1 - u) * (1 - v) * t0.x + u * (1 - v) * t1.x + (1 - u) * v * b0.x + u * v * b1.x);
    const y = (1 - v) * t.y + v * b.y + (1 - u) * l.y + u * r.y - ((1 - u) * (1 - v) * t0.y + u * (1 - v) * t1.y + (1 - u) * v * b0.y + u * v * b1.y);
    return { x, y };
  };

  const outline = (n: number): Vec[] => {
    const points: Vec[] = [];
    for (let i = 0; i < n; i++) points.push(topAt(i / n));
    for (let i = 0; i < n; i++) points.push(rightAt(i / n));
    for (let i = 0; i < n; i++) points.push(bottomAt(1 - i / n));
    for (let i = 0; i < n; i++) points.push(leftAt(1 - i / n));
    return points;
  };

  return { across, down, faceWidth, faceHeight, yaw, eyeLineOrigin, at, outline };
}
