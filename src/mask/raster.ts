/**
 * Mask coordinates per pixel: the Coons patch is cut into a grid of small triangles and each one
 * rasterised with barycentric interpolation, so pleats and seams bend and foreshorten with the face.
 */
import type { MaskGeometry, Vec } from './geometry.js';

/** A rectangle of photo pixels. */
export interface Region {
  readonly x0: number;
  readonly y0: number;
  readonly width: number;
  readonly height: number;
}

/** Per pixel of a region: mask coordinates, NaN where the patch does not reach. */
export interface UvMap {
  readonly u: Float32Array;
  readonly v: Float32Array;
}

const GRID_U = 32;
const GRID_V = 24;

function rasterizeTriangle(region: Region, map: UvMap, a: Vec, b: Vec, c: Vec, ua: Vec, ub: Vec, uc: Vec): void {
  const minX = Math.max(0, Math.floor(Math.min(a.x, b.x, c.x) - region.x0 - 0.5));
  const maxX = Math.min(region.width - 1, Math.ceil(Math.max(a.x, b.x, c.x) - region.x0 - 0.5));
  const minY = Math.max(0, Math.floor(Math.min(a.y, b.y, c.y) - region.y0 - 0.5));
  const maxY = Math.min(region.height - 1, Math.ceil(Math.max(a.y, b.y, c.y) - region.y0 - 0.5));
  const det = (b.y - c.y) * (a.x - c.x) + (c.x - b.x) * (a.y - c.y);
  if (Math.abs(det) < 1e-9) return;
  for (let y = minY; y <= maxY; y++) {
    const py = y + region.y0 + 0.5;
    for (let x = minX; x <= maxX; x++) {
      const px = x + region.x0 + 0.5;
      const wa = ((b.y - c.y) * (px - c.x) + (c.x - b.x) * (py - c.y)) / det;
      const wb = ((c.y - a.y) * (px - c.x) + (a.x - c.x) * (py - c.y)) / det;
      const wc = 1 - wa - wb;
      if (wa < -1e-4 || wb < -1e-4 || wc < -1e-4) continue;
      const i = y * region.width + x;
      map.u[i] = wa * ua.x + wb * ub.x + wc * uc.x;
      map.v[i] = wa * ua.y + wb * ub.y + wc * uc.y;
    }
  }
}

/**
 * Gives pixels the patch misses (the blurred, anti-aliased rim outside it) the coordinates of the
 * nearest covered pixel within `maxPx`: a two-sweep chamfer distance transform, linear in pixels
 * whatever the rim width.
 */
function fillRim(region: Region, map: UvMap, maxPx: number): void {
  const { width, height } = region;
  const dist = new Float32Array(width * height);
  for (let i = 0; i < dist.length; i++) dist[i] = Number.isNaN(map.u[i] as number) ? Number.POSITIVE_INFINITY : 0;
  const relax = (i: number, j: number, step: number): void => {
    const d = (dist[j] as number) + step;
    if (d < (dist[i] as number) && d <= maxPx) {
      dist[i] = d;
      map.u[i] = Math.min(1, Math.max(0, map.u[j] as number));
      map.v[i] = Math.min(1, Math.max(0, map.v[j] as number));
    }
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (x > 0) relax(i, i - 1, 1);
      if (y > 0) {
        relax(i, i - width, 1);
        if (x > 0) relax(i, i - width - 1, Math.SQRT2);
        if (x < width - 1) relax(i, i - width + 1, Math.SQRT2);
      }
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const i = y * width + x;
      if (x < width - 1) relax(i, i + 1, 1);
      if (y < height - 1) {
        relax(i, i + width, 1);
        if (x < width - 1) relax(i, i + width + 1, Math.SQRT2);
        if (x > 0) relax(i, i + width - 1, Math.SQRT2);
      }
    }
  }
}

export function rasterizeUv(geometry: MaskGeometry, region: Region, rimPixels: number): UvMap {
  const map: UvMap = { u: new Float32Array(region.width * region.height).fill(Number.NaN), v: new Float32Array(region.width * region.height).fill(Number.NaN) };
  const grid: Vec[][] = [];
  for (let j = 0; j <= GRID_V; j++) {
    const row: Vec[] = [];
    for (let i = 0; i <= GRID_U; i++) row.push(geometry.at(i / GRID_U, j / GRID_V));
    grid.push(row);
  }
  const uv = (i: number, j: number): Vec => ({ x: i / GRID_U, y: j / GRID_V });
  for (let j = 0; j < GRID_V; j++) {
    for (let i = 0; i < GRID_U; i++) {
      const p00 = grid[j]?.[i] as Vec;
      const p10 = grid[j]?.[i + 1] as Vec;
      const p01 = grid[j + 1]?.[i] as Vec;
      const p11 = grid[j + 1]?.[i + 1] as Vec;
      rasterizeTriangle(region, map, p00, p10, p11, uv(i, j), uv(i + 1, j), uv(i + 1, j + 1));
      rasterizeTriangle(region, map, p00, p11, p01, uv(i, j), uv(i + 1, j + 1), uv(i, j + 1));
    }
  }
  fillRim(region, map, Math.ceil(rimPixels) + 2);
  return map;
}
