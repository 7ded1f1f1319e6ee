/** A decoded photo: 8-bit RGB, row-major, 3 bytes a pixel, no padding. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** An axis-aligned box in pixels of the image it belongs to. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export function createImage(width: number, height: number, fill = 0): RgbImage {
  return { width, height, data: new Uint8Array(width * height * 3).fill(fill) };
}
