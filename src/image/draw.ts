/**
 * Draws face boxes, landmarks and optional labels on a copy of a photo, with @napi-rs/canvas
 * (Skia). Used by `maskface detect --out` and by recognition to write names over faces.
 */
import { existsSync } from 'node:fs';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import type { Box, RgbImage } from './types.js';

export interface DrawableFace {
  readonly box: Box;
  readonly score?: number;
  readonly landmarks5?: readonly { x: number; y: number }[];
  readonly landmarks68?: readonly { x: number; y: number }[];
}

export interface DrawStyle {
  /** Text written above the box; default: the score with two decimals, if there is one. */
  readonly label?: string;
  /** Any CSS colour; default lime green. */
  readonly color?: string;
}

export const DEFAULT_COLOR = '#32cd32';
const FONT_FAMILY = 'DejaVu Sans';
const FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

let fontRegistered = false;
function ensureFont(): void {
  // Skia finds system fonts on its own on most machines; registering the Debian file makes labels
  // render the same everywhere fonts-dejavu-core is installed.
  if (!fontRegistered && existsSync(FONT_FILE)) GlobalFonts.registerFromPath(FONT_FILE, FONT_FAMILY);
  fontRegistered = true;
}

/** Returns a new image with each face's box (line width scaled to the photo), landmarks and label. */
/** Smallest label font, px: below this a label is no longer read at a glance. */
const MIN_LABEL_FONT_PX = 9;

export type Ctx2d = ReturnType<ReturnType<typeof createCanvas>['getContext']>;

/** The label's lines and font size (the context's font is left set to it) so that it fits `maxWidth`. */
export function fitLabel(ctx: Ctx2d, label: string, fontSize: number, maxWidth: number): { lines: string[]; fontSize: number } {
  const widest = (lines: readonly string[], size: number): number => {
    ctx.font = `${size}px "${FONT_FAMILY}"`;
    return Math.max(...lines.map((l) => ctx.measureText(l).width));
  };
  let lines = [label];
  if (widest(lines, fontSize) > maxWidth && label.includes(' · ')) {
    const cut = label.indexOf(' · ');
    lines = [label.slice(0, cut), label.slice(cut + 3)];
  }
  let size = fontSize;
  while (size > MIN_LABEL_FONT_PX && widest(lines, size) > maxWidth) size--;
  widest(lines, size);
  return { lines, fontSize: size };
}

export function drawDetections(image: RgbImage, faces: readonly DrawableFace[], styles: readonly (DrawStyle | undefined)[] = []): RgbImage {
  ensureFont();
  const { width, height } = image;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const rgba = ctx.createImageData(width, height);
  for (let i = 0, j = 0; i < image.data.length; i += 3, j += 4) {
    rgba.data[j] = image.data[i]!;
    rgba.data[j + 1] = image.data[i + 1]!;
    rgba.data[j + 2] = image.data[i + 2]!;
    rgba.data[j + 3] = 255;
  }
  ctx.putImageData(rgba, 0, 0);
  const line = Math.max(2, Math.round(Math.max(width, height) / 400));
  const fontSize = Math.max(12, line * 7);
  faces.forEach((face, index) => {
    const style = styles[index];
    const color = style?.color ?? DEFAULT_COLOR;
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = line;
    ctx.strokeRect(face.box.x, face.box.y, face.box.width, face.box.height);
    const dots = [...(face.landmarks5 ?? []).map((p) => ({ p, r: line })), ...(face.landmarks68 ?? []).map((p) => ({ p, r: Math.max(1, line / 2) }))];
    for (const { p, r } of dots) {
      ctx.beginPath();
      ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
      ctx.fill();
    }
    const label = style?.label ?? (face.score === undefined ? undefined : face.score.toFixed(2));
    if (label) {
      // A label wider than the photo (a 160 px face crop) goes on two lines at its ' · ' breaks, in a
      // smaller font if it must: a clipped "unknown 0.22 · no ma" misled (issue 25).
      const fitted = fitLabel(ctx, label, fontSize, width - 2 * line);
      const textWidth = Math.max(...fitted.lines.map((l) => ctx.measureText(l).width));
      // Above the box where there is room, else below it, else inside its top edge (a face filling the photo).
      const tagHeight = fitted.lines.length * fitted.fontSize + 2 * line;
      const above = face.box.y - tagHeight;
      const below = face.box.y + face.box.height;
      const top = above >= 0 ? above : below + tagHeight <= height ? below : Math.max(0, face.box.y);
      const left = Math.max(0, Math.min(face.box.x - line / 2, width - textWidth - 2 * line));
      ctx.fillRect(left, top, textWidth + 2 * line, tagHeight);
      ctx.fillStyle = '#000000';
      ctx.textBaseline = 'top';
      fitted.lines.forEach((text, i) => ctx.fillText(text, left + line, top + line + i * fitted.fontSize));
    }
  });
  const out = ctx.getImageData(0, 0, width, height).data;
  const data = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; j < out.length; i += 3, j += 4) {
    data[i] = out[j]!;
    data[i + 1] = out[j + 1]!;
    data[i + 2] = out[j + 2]!;
  }
  return { width, height, data };
}
