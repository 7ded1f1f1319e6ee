/**
 * Draws boxes and labels straight into RGB video frames. `drawDetections` round-trips the whole
 * frame through a canvas (6 ms a 640x360 frame here, measured with process.cpuUsage); a video
 * repeats the same few labels for hundreds of frames, so each label is rendered once to a small
 * patch and copied, and boxes are plain pixel writes.
 */
import { existsSync } from 'node:fs';
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import type { Box, RgbImage } from '../../image/types.js';

const FONT_FAMILY = 'DejaVu Sans';
const FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

interface Patch {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export interface PaintedFace {
  readonly box: Box;
  readonly label: string;
  /** `#rrggbb`. */
  readonly color: string;
}

function parseHex(color: string): [number, number, number] {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  const v = m === null ? 0x32cd32 : Number.parseInt(m[1]!, 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

export class FramePainter {
  private readonly patches = new Map<string, Patch>();
  private readonly fontSize: number;
  private readonly line: number;

  constructor(frameWidth: number, frameHeight: number) {
    if (!GlobalFonts.has(FONT_FAMILY) && existsSync(FONT_FILE)) GlobalFonts.registerFromPath(FONT_FILE, FONT_FAMILY);
    this.line = Math.max(2, Math.round(Math.max(frameWidth, frameHeight) / 400));
    this.fontSize = Math.max(12, this.line * 7);
  }

  private patch(label: string, color: string): Patch {
    const key = `${color}\u0000${label}`;
    const cached = this.patches.get(key);
    if (cached !== undefined) return cached;
    const probe = createCanvas(1, 1).getContext('2d');
    probe.font = `${this.fontSize}px "${FONT_FAMILY}"`;
    const width = Math.ceil(probe.measureText(label).width) + 2 * this.line;
    const height = this.fontSize + 2 * this.line;
    const canvas = createCanvas(width, height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = color;
    ctx.fillRect(0, 0, width, height);
    ctx.font = probe.font;
    ctx.fillStyle = '#000000';
    ctx.textBaseline = 'top';
    ctx.fillText(label, this.line, this.line);
    const rgba = ctx.getImageData(0, 0, width, height).data;
    const data = new Uint8Array(width * height * 3);
    for (let i = 0, j = 0; j < rgba.length; i += 3, j += 4) data.set([rgba[j]!, rgba[j + 1]!, rgba[j + 2]!], i);
    const made = { width, height, data };
    this.patches.set(key, made);
    return made;
  }

  /** Paints in place; the frame buffer is the caller's and is about to be encoded. */
  paint(frame: RgbImage, faces: readonly PaintedFace[]): void {
    const { width, height, data } = frame;
    for (const face of faces) {
      const rgb = parseHex(face.color);
      const x1 = Math.round(face.box.x);
      const y1 = Math.round(face.box.y);
      const x2 = Math.round(face.box.x + face.box.width);
      const y2 = Math.round(face.box.y + face.box.height);
      const fill = (ax: number, ay: number, bx: number, by: number): void => {
        for (let y = Math.max(0, ay); y < Math.min(height, by); y++) {
          for (let x = Math.max(0, ax); x < Math.min(width, bx); x++) data.set(rgb, (y * width + x) * 3);
        }
      };
      const h = Math.floor(this.line / 2);
      fill(x1 - h, y1 - h, x2 + h + 1, y1 - h + this.line);
      fill(x1 - h, y2 - h, x2 + h + 1, y2 - h + this.line);
      fill(x1 - h, y1 - h, x1 - h + this.line, y2 + h + 1);
      fill(x2 - h, y1 - h, x2 - h + this.line, y2 + h + 1);
      const p = this.patch(face.label, face.color);
      const top = y1 - p.height - h >= 0 ? y1 - p.height - h : y2 + h;
      const left = x1 - h;
      for (let y = 0; y < p.height; y++) {
        const fy = top + y;
        if (fy < 0 || fy >= height) continue;
        const from = Math.max(0, -left);
        const to = Math.min(p.width, width - left);
        if (to <= from) continue;
        data.set(p.data.subarray((y * p.width + from) * 3, (y * p.width + to) * 3), (fy * width + left + from) * 3);
      }
    }
  }
}
