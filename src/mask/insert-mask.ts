/**
 * `insertMask`: puts a simulated mask on a photo (paper 3.1.2, MaskTheFace's method) from the
 * face's 68 landmarks. The mask is drawn into a layer over the face's region only and
 * composited by its alpha, so every pixel outside the mask keeps its bytes, and nothing is ever
 * drawn above the eyes. The same options (seed included) give the same bytes.
 */
import { createCanvas } from '@napi-rs/canvas';
import type { Landmarks68 } from '../face/types.js';
import type { RgbImage } from '../image/types.js';
import { fitMask, type Vec } from './geometry.js';
import { resolveMaskOptions, type MaskOptions, type ResolvedMaskOptions } from './options.js';
import { rasterizeUv, type Region } from './raster.js';
import { sceneLight } from './scene-light.js';
import { shade } from './shading.js';
import { drawStraps } from './straps.js';

/** The mask layer of one face: where it covers the photo and with what colour. */
export interface MaskLayer {
  readonly region: Region;
  /** Coverage per region pixel in [0, 1]; 0 leaves the photo pixel untouched. */
  readonly alpha: Float32Array;
  /** RGB per region pixel, 0..255. */
  readonly rgb: Float32Array;
  readonly options: ResolvedMaskOptions;
}

/** Softness of the mask's edge: a Gaussian blur of this fraction of the face width (at least half a pixel). */
const EDGE_SOFTNESS = 0.004;

function regionOf(points: readonly Vec[], image: RgbImage, margin: number): Region | undefined {
  const x0 = Math.max(0, Math.floor(Math.min(...points.map((p) => p.x)) - margin));
  const y0 = Math.max(0, Math.floor(Math.min(...points.map((p) => p.y)) - margin));
  const x1 = Math.min(image.width, Math.ceil(Math.max(...points.map((p) => p.x)) + margin));
  const y1 = Math.min(image.height, Math.ceil(Math.max(...points.map((p) => p.y)) + margin));
  return x1 > x0 && y1 > y0 ? { x0, y0, width: x1 - x0, height: y1 - y0 } : undefined;
}

function drawLayer(region: Region, blur: number, draw: (ctx: ReturnType<ReturnType<typeof createCanvas>['getContext']>) => void): Uint8ClampedArray {
  const canvas = createCanvas(region.width, region.height);
  const ctx = canvas.getContext('2d');
  ctx.translate(-region.x0, -region.y0);
  if (blur > 0) ctx.filter = `blur(${blur.toFixed(3)}px)`;
  draw(ctx);
  return ctx.getImageData(0, 0, region.width, region.height).data;
}

/** Renders the mask of one face without touching the photo (for tests, previews and custom compositing). */
export function renderMask(image: RgbImage, landmarks: Landmarks68, options: MaskOptions = {}): MaskLayer {
  const resolved = resolveMaskOptions(options);
  const geometry = fitMask(landmarks, resolved.type, resolved.variation);
  const outline = geometry.outline(48);
  const blur = Math.max(0.5, EDGE_SOFTNESS * geometry.faceWidth);
  const strapReach = 0.2 * geometry.faceWidth;
  const region = regionOf(outline, image, blur * 3 + strapReach + 2) ?? { x0: 0, y0: 0, width: 0, height: 0 };
  const pixels = region.width * region.height;
  const alpha = new Float32Array(pixels);
  const rgb = new Float32Array(pixels * 3);
  if (pixels === 0) return { region, alpha, rgb, options: resolved };

  const body = drawLayer(region, blur, (ctx) => {
    ctx.fillStyle = '#fff';
    ctx.beginPath();
    outline.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
    ctx.closePath();
    ctx.fill();
  });
  const straps = drawLayer(region, blur * 0.6, (ctx) => drawStraps(ctx, geometry, resolved.type, resolved.color));
  const uv = rasterizeUv(geometry, region, blur * 3);
  const light = sceneLight(image, region, geometry.faceWidth);
  const widthPx = Math.hypot(geometry.at(1, 0.5).x - geometry.at(0, 0.5).x, geometry.at(1, 0.5).y - geometry.at(0, 0.5).y);
  const heightPx = Math.hypot(geometry.at(0.5, 1).x - geometry.at(0.5, 0).x, geometry.at(0.5, 1).y - geometry.at(0.5, 0).y);
  const context = { type: resolved.type, color: resolved.color, pattern: resolved.pattern, seed: resolved.textureSeed, yaw: geometry.yaw, widthPx, heightPx };
  const { eyeLineOrigin, down } = geometry;

  for (let y = 0; y < region.height; y++) {
    for (let x = 0; x < region.width; x++) {
      const i = y * region.width + x;
      const depth = (x + region.x0 + 0.5 - eyeLineOrigin.x) * down.x + (y + region.y0 + 0.5 - eyeLineOrigin.y) * down.y;
      if (depth <= 0) continue;
      const below = Math.min(1, depth);
      const bodyAlpha = ((body[i * 4 + 3] as number) / 255) * below;
      const strapAlpha = ((straps[i * 4 + 3] as number) / 255) * below;
      // Straight (not premultiplied) colours: the strap underneath, the mask body over it.
      let r = straps[i * 4] as number;
      let g = straps[i * 4 + 1] as number;
      let b = straps[i * 4 + 2] as number;
      let a = strapAlpha;
      const u = uv.u[i] as number;
      if (bodyAlpha > 0 && !Number.isNaN(u)) {
        const s = shade(u, uv.v[i] as number, context);
        const k = bodyAlpha * s.alpha;
        const lit = light[i] as number;
        const combined = k + a * (1 - k);
        if (combined > 0) {
          const under = (a * (1 - k)) / combined;
          const over = k / combined;
          r = r * under + s.r * lit * over;
          g = g * under + s.g * lit * over;
          b = b * under + s.b * lit * over;
        }
        a = combined;
      }
      alpha[i] = a;
      rgb[i * 3] = r;
      rgb[i * 3 + 1] = g;
      rgb[i * 3 + 2] = b;
    }
  }
  return { region, alpha, rgb, options: resolved };
}

/** Lays a rendered mask over the photo: a new image, identical to `image` wherever the alpha is 0. */
export function compositeMask(image: RgbImage, layer: MaskLayer): RgbImage {
  const data = Uint8Array.from(image.data);
  const { region, alpha, rgb } = layer;
  for (let y = 0; y < region.height; y++) {
    for (let x = 0; x < region.width; x++) {
      const i = y * region.width + x;
      const a = alpha[i] as number;
      if (a <= 0) continue;
      const o = ((y + region.y0) * image.width + x + region.x0) * 3;
      for (let c = 0; c < 3; c++) {
        const value = (data[o + c] as number) * (1 - a) + (rgb[i * 3 + c] as number) * a;
        data[o + c] = Math.max(0, Math.min(255, Math.round(value)));
      }
    }
  }
  return { width: image.width, height: image.height, data };
}

/**
 * Puts a mask on the face whose 68 landmarks (iBUG 300-W order, photo pixels) are given.
 * Options: `type` (cloth, surgical, n95, kn95, gas, random; default cloth), `color` (name, #rrggbb
 * or random; default the type's usual colour, black for cloth), `pattern` (plain, stripes, dots,
 * check, camo, random) and `seed`. Returns a new image; `image` is not modified.
 */
export function insertMask(image: RgbImage, landmarks: Landmarks68, options: MaskOptions = {}): RgbImage {
  return compositeMask(image, renderMask(image, landmarks, options));
}
