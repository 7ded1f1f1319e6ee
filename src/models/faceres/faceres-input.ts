/**
 * A face crop as faceres's graph takes it: 224 x 224, float values 0..255, RGB planes (ONNX's NCHW).
 * Another size is resized as TensorFlow.js's `resizeBilinear(alignCorners false, halfPixelCenters
 * false)` resizes it (source = destination x in/out, no pixel-centre shift, no rounding), which is
 * what the tfjs path did and what human's `enhance` does, so the vectors do not change.
 */
import type { RgbImage } from '../../image/types.js';
import { FACERES_INPUT_SIZE } from './constants.js';

/** Interleaved RGB values (`width` x `height` x 3) resized to `size` x `size` RGB planes, as tfjs's `resizeBilinear` (alignCorners false). */
export function resizeToPlanes(data: ArrayLike<number>, width: number, height: number, size = FACERES_INPUT_SIZE): Float32Array {
  const plane = size * size;
  const out = new Float32Array(3 * plane);
  if (width === size && height === size) {
    for (let i = 0; i < plane; i++) {
      out[i] = data[3 * i]!;
      out[plane + i] = data[3 * i + 1]!;
      out[2 * plane + i] = data[3 * i + 2]!;
    }
    return out;
  }
  const scaleY = height / size;
  const scaleX = width / size;
  for (let v = 0; v < size; v++) {
    const sy = v * scaleY;
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, height - 1);
    const fy = sy - y0;
    for (let u = 0; u < size; u++) {
      const sx = u * scaleX;
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, width - 1);
      const fx = sx - x0;
      for (let c = 0; c < 3; c++) {
        const topLeft = data[(y0 * width + x0) * 3 + c]!;
        const bottomLeft = data[(y1 * width + x0) * 3 + c]!;
        const top = topLeft + (data[(y0 * width + x1) * 3 + c]! - topLeft) * fx;
        const bottom = bottomLeft + (data[(y1 * width + x1) * 3 + c]! - bottomLeft) * fx;
        out[c * plane + v * size + u] = top + (bottom - top) * fy;
      }
    }
  }
  return out;
}

export function faceresInput(face: RgbImage, size = FACERES_INPUT_SIZE): Float32Array {
  return resizeToPlanes(face.data, face.width, face.height, size);
}
