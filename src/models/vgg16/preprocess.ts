/** Pixels to the tensor the ImageNet VGG16 weights expect (Keras `preprocess_input`, "caffe" mode). */
import type { Tf } from '../../engine/tf.js';
import type { RgbImage } from '../../image/types.js';
import { invalidArgument } from '../../errors.js';
import { IMAGENET_BGR_MEAN } from './constants.js';

/** Packs square RGB photos of side `size` into a float32 NHWC batch in BGR order minus the ImageNet means. */
export function vgg16Batch(tf: Tf, images: readonly RgbImage[], size: number): ReturnType<Tf['tensor4d']> {
  const plane = size * size * 3;
  const data = new Float32Array(images.length * plane);
  const [mb, mg, mr] = IMAGENET_BGR_MEAN;
  images.forEach((img, n) => {
    if (img.width !== size || img.height !== size) throw invalidArgument('VGG16 input photo', `${size}x${size} pixels`, `${img.width}x${img.height}`);
    const base = n * plane;
    for (let i = 0; i < plane; i += 3) {
      data[base + i] = (img.data[i + 2] ?? 0) - mb;
      data[base + i + 1] = (img.data[i + 1] ?? 0) - mg;
      data[base + i + 2] = (img.data[i] ?? 0) - mr;
    }
  });
  return tf.tensor4d(data, [images.length, size, size, 3]);
}
