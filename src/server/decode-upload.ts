/**
 * Uploaded photos are checked against the server's own size limits from their header alone, before
 * a single pixel is decoded: a small compressed PNG can declare 10000 x 10000 pixels (300 MB of RGB).
 */
import sharp from 'sharp';
import { MaskfaceError, unreadableImage } from '../errors.js';

export interface ImageLimits {
  /** Largest photo, in pixels (width x height). */
  readonly maxPixels: number;
  /** Largest side, in pixels. */
  readonly maxSide: number;
}

/**
 * Reads only the header: refuses what is not an image or is too large, cheaply enough to run
 * before a request waits for a job slot.
 */
export async function checkUpload(data: Uint8Array, label: string, limits: ImageLimits): Promise<{ width: number; height: number }> {
  if (data.byteLength === 0) throw unreadableImage(label, 'the upload is empty');
  let width: number;
  let height: number;
  try {
    const meta = await sharp(data, { limitInputPixels: false }).metadata();
    width = meta.width ?? 0;
    height = meta.height ?? 0;
  } catch (err) {
    throw unreadableImage(label, err instanceof Error ? err.message : String(err));
  }
  if (width * height > limits.maxPixels || Math.max(width, height) > limits.maxSide) {
    throw new MaskfaceError(
      'MF_IMAGE_TOO_LARGE',
      `${label}: ${width}x${height} pixels is over this server's limit of ${limits.maxPixels} pixels ` +
        `and ${limits.maxSide} pixels a side. Resize the photo (a face needs no more than 1000 pixels a side).`,
      { file: label },
    );
  }
  return { width, height };
}

