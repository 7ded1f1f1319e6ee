/**
 * Image decoding and encoding, with sharp (libvips): it reads JPEG, PNG, WebP, GIF and TIFF and
 * applies EXIF orientation, so a photo's pixels are upright as a person sees it.
 */
import { constants } from 'node:fs';
import { access, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import sharp from 'sharp';
import { MaskfaceError, fromSystemError, isSystemError, unreadableImage } from '../errors.js';
import type { RgbImage } from './types.js';

/** Photos larger than this (width x height) are refused before decoding: 64 megapixels. */
export const MAX_IMAGE_PIXELS = 64_000_000;

export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.bmp']);

export function isImagePath(path: string): boolean {
  return IMAGE_EXTENSIONS.has(extname(path).toLowerCase());
}

/**
 * The bytes of a photo file. Every command reads photos through here, so a missing photo, a folder
 * given as a photo or an unreadable one is the same error everywhere (MF_FILE_NOT_FOUND,
 * MF_NOT_A_FILE, MF_PERMISSION_DENIED), naming the path.
 */
export async function readPhotoFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const mapped = isSystemError(err) ? fromSystemError(err, 'a photo', path) : undefined;
    throw mapped ?? err;
  }
}

/**
 * Checks that a photo path names a file that can be opened, before a command spends seconds
 * loading models: the same errors as `readPhotoFile`.
 */
export async function assertPhotoFile(path: string): Promise<void> {
  try {
    if ((await stat(path)).isDirectory()) throw Object.assign(new Error(`EISDIR: ${path}`), { code: 'EISDIR', path });
    await access(path, constants.R_OK);
  } catch (err) {
    const mapped = isSystemError(err) ? fromSystemError(err, 'a photo', path) : undefined;
    throw mapped ?? err;
  }
}

/** Decodes a file path or an in-memory buffer to RGB. `label` names the source in errors. */
export async function decodeImage(input: string | Uint8Array, label = typeof input === 'string' ? input : 'upload'): Promise<RgbImage> {
  const bytes = typeof input === 'string' ? await readPhotoFile(input) : input;
  let pipeline: ReturnType<typeof sharp>;
  try {
    pipeline = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' });
    const meta = await pipeline.metadata();
    if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_IMAGE_PIXELS) {
      throw new MaskfaceError(
        'MF_IMAGE_TOO_LARGE',
        `${label}: ${meta.width}x${meta.height} pixels is over the limit of ${MAX_IMAGE_PIXELS} pixels. Resize the photo first.`,
        { file: label },
      );
    }
    const { data, info } = await pipeline.rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (err) {
    if (err instanceof MaskfaceError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    if (/pixel limit/i.test(reason)) {
      throw new MaskfaceError('MF_IMAGE_TOO_LARGE', `${label}: larger than ${MAX_IMAGE_PIXELS} pixels. Resize the photo first.`, { file: label });
    }
    throw unreadableImage(label, reason);
  }
}

export type EncodeFormat = 'png' | 'jpeg';

export function formatForPath(path: string): EncodeFormat {
  const ext = extname(path).toLowerCase();
  return ext === '.jpg' || ext === '.jpeg' ? 'jpeg' : 'png';
}

export async function encodeImage(image: RgbImage, format: EncodeFormat = 'png', quality = 92): Promise<Buffer> {
  const base = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  return format === 'jpeg' ? base.jpeg({ quality }).toBuffer() : base.png().toBuffer();
}

/** Writes a file atomically: a temporary file beside it, then a rename, so a reader never sees half a file. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/** Encodes by the file's extension (.jpg/.jpeg as JPEG, anything else PNG) and writes atomically. */
export async function writeImage(path: string, image: RgbImage): Promise<void> {
  await writeFileAtomic(path, await encodeImage(image, formatForPath(path)));
}
