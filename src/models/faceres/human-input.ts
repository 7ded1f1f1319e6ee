/**
 * faceres's input made as human makes it (issue 23: "fed as human feeds it"), from a detector's box:
 * the box enlarged 1.4x about its centre and made square with rounded corners (blazeface.ts
 * `enlargeBox(config.face.detector.scale)`, `squarifyBox`), not rolled upright (human's default
 * `face.detector.rotation: false`), cut and resized to facemesh's 192 x 192 by `tf.image.cropAndResize`
 * (`cutAndResize`, values / 255), then resized to 224 x 224 by `resizeBilinear` and x 255 (faceres.ts
 * `enhance`). Floats all the way: nothing is rounded to 8 bits.
 *
 * maskface's own faceres chip differs on purpose (src/recognize/face-encoder.ts): MTCNN's box x 1.15,
 * rolled upright by the eyes, sampled straight to 224 px and rounded; docs/models.md gives the cosine
 * between the two (scripts/make-faceres-human-reference.ts prints it).
 */
import type { Box, RgbImage } from '../../image/types.js';
import { FACERES_CROP_SCALE } from './constants.js';
import { resizeToPlanes } from './faceres-input.js';

/** Side of facemesh's input, to which human cuts every face before faceres resizes it (human's models/facemesh.json). */
export const HUMAN_FACE_TENSOR_SIZE = 192;

/** human's square crop box of a detector box: [x1, y1, x2, y2] in pixels. */
export function humanFaceBox(box: Box, scale = FACERES_CROP_SCALE): [number, number, number, number] {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const half = (scale * Math.max(box.width, box.height)) / 2;
  return [Math.round(cx - half), Math.round(cy - half), Math.round(cx + half), Math.round(cy + half)];
}

/**
 * `tf.image.cropAndResize` of one box (corners divided by the image's width and height, as human's
 * `cutAndResize` divides them) to `size` x `size`: bilinear with corners aligned, 0 outside the image.
 */
export function cropAndResize(image: RgbImage, corners: readonly [number, number, number, number], size: number): Float32Array {
  const { width, height, data } = image;
  const [x1, y1, x2, y2] = [corners[0] / width, corners[1] / height, corners[2] / width, corners[3] / height];
  const out = new Float32Array(size * size * 3);
  const stepY = size > 1 ? ((y2 - y1) * (height - 1)) / (size - 1) : 0;
  const stepX = size > 1 ? ((x2 - x1) * (width - 1)) / (size - 1) : 0;
  for (let v = 0; v < size; v++) {
    const sy = y1 * (height - 1) + v * stepY;
    if (sy < 0 || sy > height - 1) continue;
    const top = Math.floor(sy);
    const bottom = Math.ceil(sy);
    const fy = sy - top;
    for (let u = 0; u < size; u++) {
      const sx = x1 * (width - 1) + u * stepX;
      if (sx < 0 || sx > width - 1) continue;
      const left = Math.floor(sx);
      const right = Math.ceil(sx);
      const fx = sx - left;
      for (let c = 0; c < 3; c++) {
        const tl = data[(top * width + left) * 3 + c]!;
        const tr = data[(top * width + right) * 3 + c]!;
        const bl = data[(bottom * width + left) * 3 + c]!;
        const br = data[(bottom * width + right) * 3 + c]!;
        const t = tl + (tr - tl) * fx;
        const b = bl + (br - bl) * fx;
        out[(v * size + u) * 3 + c] = t + (b - t) * fy;
      }
    }
  }
  return out;
}

/** faceres's input planes ([3, 224, 224], 0..255) for the face in `box`, as human makes them (for `FaceresEmbedder.embedPlanes`). */
export function humanFaceresInput(image: RgbImage, box: Box): Float32Array {
  // human divides by 255 after the cut and multiplies by 255 after the resize; both are linear, so the
  // 0..255 values are resized as they are (float rounding apart).
  const face = cropAndResize(image, humanFaceBox(box), HUMAN_FACE_TENSOR_SIZE);
  return resizeToPlanes(face, HUMAN_FACE_TENSOR_SIZE, HUMAN_FACE_TENSOR_SIZE);
}
