/**
 * On-the-fly augmentation (paper 3.1.4: rotation, mirroring, resizing, zoom and shear) with Keras
 * ImageDataGenerator's parameter names and meanings, so a Keras recipe reads the same here. Each
 * photo gets its own random transform, drawn in Keras's order (get_random_transform), from a
 * seeded generator, and one bilinear warp (see affine.ts).
 *
 * One deliberate difference: Keras >= 2.3 swaps the row/column axes inside apply_affine_transform
 * but still passes the height shift as `tx`, so its height_shift_range moves photos sideways.
 * Here width_shift_range moves them horizontally and height_shift_range vertically, as documented.
 */
import { z } from 'zod';
import type { Rng } from '../balance/random.js';
import { invalidArgument } from '../errors.js';
import { FILL_MODES, IDENTITY, kerasAffine, warpAffine, type AffineTransform } from './affine.js';
import type { RgbImage } from './types.js';

const shiftRange = z
  .union([z.number().min(0), z.array(z.number()).min(1)])
  .default(0)
  .describe('float < 1: fraction of the size; number >= 1: pixels; list: pixel values to choose from (Keras 1-D array-like)');

export const AugmentParamsSchema = z
  .object({
    /** Degrees; each photo is rotated by a uniform angle in [-range, range]. Default 0. */
    rotation_range: z.number().min(0).max(360).default(0),
    /** Horizontal shift, as Keras: fraction of the width if < 1, else pixels. Default 0. */
    width_shift_range: shiftRange,
    /** Vertical shift, as Keras: fraction of the height if < 1, else pixels. Default 0. */
    height_shift_range: shiftRange,
    /** Shear angle in degrees (Keras 2), uniform in [-range, range]. Default 0. */
    shear_range: z.number().min(0).max(90).default(0),
    /** Zoom: a float z means [1 - z, 1 + z]; a pair means [lo, hi]. x and y drawn apart. Default 0. */
    zoom_range: z.union([z.number().min(0).max(1), z.tuple([z.number().positive(), z.number().positive()])]).default(0),
    /** Mirror left-right with probability 0.5. Default false. */
    horizontal_flip: z.boolean().default(false),
    /** Mirror top-bottom with probability 0.5. Default false. */
    vertical_flip: z.boolean().default(false),
    /** How points outside the photo are filled. Default 'nearest', as Keras. */
    fill_mode: z.enum(FILL_MODES).default('nearest'),
    /** Value (0-255) for fill_mode 'constant'. Default 0. */
    cval: z.number().default(0),
  })
  .strict();

export type AugmentParamsInput = z.input<typeof AugmentParamsSchema>;
export type AugmentParams = Readonly<z.output<typeof AugmentParamsSchema>>;

/** Validates Keras-style parameters and fills defaults into a new frozen object. */
export function resolveAugmentParams(input: AugmentParamsInput = {}): AugmentParams {
  const parsed = AugmentParamsSchema.safeParse(input);
  if (!parsed.success) {
    throw invalidArgument('augmentation parameters', `Keras ImageDataGenerator options (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`, input);
  }
  const zoom = parsed.data.zoom_range;
  if (Array.isArray(zoom) && zoom[0] > zoom[1]) throw invalidArgument('zoom_range', '[lo, hi] with lo <= hi', zoom);
  return Object.freeze(parsed.data);
}

/**
 * Augmentation used by this project's training when none is given: the paper names the
 * transforms (3.1.4) but not their sizes; these are moderate values for 160x160 face crops.
 */
export const FACE_AUGMENTATION: AugmentParams = resolveAugmentParams({
  rotation_range: 15,
  width_shift_range: 0.1,
  height_shift_range: 0.1,
  shear_range: 10,
  zoom_range: 0.1,
  horizontal_flip: true,
  fill_mode: 'nearest',
});

/** Keras's shift draw: list -> a value of it with a random sign; number -> uniform; fractions scale by size. */
function drawShift(range: number | readonly number[], size: number, rng: Rng): number {
  if (typeof range !== 'number') {
    const pick = range[rng.int(range.length)] as number;
    return (rng.next() < 0.5 ? -1 : 1) * pick * (Math.max(...range) < 1 ? size : 1);
  }
  if (range === 0) return 0;
  // Keras: an int n >= 1 draws np.random.choice(n), a whole number of pixels in [0, n), with a sign.
  if (Number.isInteger(range)) return (rng.next() < 0.5 ? -1 : 1) * rng.int(range);
  const shift = rng.uniform(-range, range);
  return range < 1 ? shift * size : shift;
}

/** A random transform for a width x height photo (Keras get_random_transform, same draw order). */
export function randomTransform(params: AugmentParams, width: number, height: number, rng: Rng): AffineTransform {
  const theta = params.rotation_range > 0 ? rng.uniform(-params.rotation_range, params.rotation_range) : 0;
  const ty = drawShift(params.height_shift_range, height, rng);
  const tx = drawShift(params.width_shift_range, width, rng);
  const shear = params.shear_range > 0 ? rng.uniform(-params.shear_range, params.shear_range) : 0;
  const [lo, hi] = typeof params.zoom_range === 'number' ? [1 - params.zoom_range, 1 + params.zoom_range] : params.zoom_range;
  const [zx, zy] = lo === 1 && hi === 1 ? [1, 1] : [rng.uniform(lo, hi), rng.uniform(lo, hi)];
  const flipHorizontal = rng.next() < 0.5 && params.horizontal_flip;
  const flipVertical = rng.next() < 0.5 && params.vertical_flip;
  return { theta, tx, ty, shear, zx, zy, flipHorizontal, flipVertical };
}

/** Applies one transform (Keras apply_transform: affine warp, then flips, folded into one pass). */
export function applyTransform(image: RgbImage, transform: AffineTransform, params: Pick<AugmentParams, 'fill_mode' | 'cval'>): RgbImage {
  const m = kerasAffine(transform, image.width, image.height);
  if (m.every((v, i) => v === IDENTITY[i])) return { width: image.width, height: image.height, data: image.data.slice() };
  return warpAffine(image, m, params.fill_mode, params.cval);
}

export function augmentImage(image: RgbImage, params: AugmentParams, rng: Rng): RgbImage {
  return applyTransform(image, randomTransform(params, image.width, image.height, rng), params);
}

/** Augments a batch on the fly for the training loop: a new random transform per photo. */
export function augmentBatch(images: readonly RgbImage[], params: AugmentParams, rng: Rng): RgbImage[] {
  return images.map((image) => augmentImage(image, params, rng));
}

/**
 * Same, written straight into one NHWC float batch (values 0-255) ready for `tf.tensor4d`:
 * `out` must hold images.length x height x width x 3 values; all photos the same size.
 */
export function augmentBatchInto(images: readonly RgbImage[], params: AugmentParams, rng: Rng, out: Float32Array): Float32Array {
  const first = images[0];
  if (first === undefined) return out;
  const size = first.width * first.height * 3;
  if (out.length < images.length * size) throw invalidArgument('augmentBatchInto out', `at least ${images.length * size} values`, out.length);
  images.forEach((image, i) => {
    if (image.width !== first.width || image.height !== first.height) {
      throw invalidArgument(`photo ${i} of the batch`, `${first.width}x${first.height} like the first`, `${image.width}x${image.height}`);
    }
    out.set(augmentImage(image, params, rng).data, i * size);
  });
  return out;
}
