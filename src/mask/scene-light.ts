/**
 * The light falling on the face, so the mask is lit like the skin it covers: the photo's luminance
 * under the mask, blurred over a sixth of the face width (so lips and nostrils vanish and only the
 * light's direction and shadows stay), divided by its mean and softened.
 */
import type { RgbImage } from '../image/types.js';
import type { Region } from './raster.js';

/** The mask takes this power of the relative light: 0 ignores the scene, 1 copies its contrast. */
const SCENE_LIGHT_STRENGTH = 0.6;
const MIN_FACTOR = 0.55;
const MAX_FACTOR = 1.3;

export function sceneLight(image: RgbImage, region: Region, faceWidth: number): Float32Array {
  const { x0, y0, width, height } = region;
  const radius = Math.max(1, Math.round(faceWidth / 6));
  const stride = width + 1;
  const integral = new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      const o = ((y + y0) * image.width + x + x0) * 3;
      row += 0.299 * (image.data[o] as number) + 0.587 * (image.data[o + 1] as number) + 0.114 * (image.data[o + 2] as number);
      integral[(y + 1) * stride + x + 1] = (integral[y * stride + x + 1] as number) + row;
    }
  }
  const blurred = new Float32Array(width * height);
  let total = 0;
  for (let y = 0; y < height; y++) {
    const ya = Math.max(0, y - radius);
    const yb = Math.min(height, y + radius + 1);
    for (let x = 0; x < width; x++) {
      const xa = Math.max(0, x - radius);
      const xb = Math.min(width, x + radius + 1);
      const sum = (integral[yb * stride + xb] as number) - (integral[ya * stride + xb] as number) - (integral[yb * stride + xa] as number) + (integral[ya * stride + xa] as number);
      const value = sum / ((yb - ya) * (xb - xa));
      blurred[y * width + x] = value;
      total += value;
    }
  }
  const mean = Math.max(1, total / (width * height));
  for (let i = 0; i < blurred.length; i++) {
    const ratio = Math.max(1e-3, (blurred[i] as number) / mean);
    blurred[i] = Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, ratio ** SCENE_LIGHT_STRENGTH));
  }
  return blurred;
}
