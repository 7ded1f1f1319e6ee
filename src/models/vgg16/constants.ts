/** VGG16 as Keras builds it (`keras.applications.VGG16(include_top=False)`), blocks and layer names. */

/** Input side in pixels (paper Table III: input_shape (160, 160, 3)). */
export const VGG16_INPUT_SIZE = 160;

/** Filters of each convolution of each block: 2, 2, 3, 3, 3 convolutions (Simonyan and Zisserman 2014). */
export const VGG16_BLOCKS: readonly (readonly number[])[] = [
  [64, 64],
  [128, 128],
  [256, 256, 256],
  [512, 512, 512],
  [512, 512, 512],
];

/** The first block that is retrained (paper 3.3: "only after the fourth block ... were the filters retrained"). */
export const FIRST_TRAINABLE_BLOCK = 4;

/** Parameters the paper keeps (blocks 1-3) and retrains (blocks 4-5), paper 3.3. */
export const PAPER_FROZEN_PARAMS = 1_735_488;
export const PAPER_TRAINABLE_PARAMS = 12_979_200;

/**
 * Keras's "caffe" preprocessing for the ImageNet VGG16 weights: RGB to BGR, then these per-channel
 * means (in BGR order) are subtracted; no scaling.
 */
export const IMAGENET_BGR_MEAN: readonly [number, number, number] = [103.939, 116.779, 123.68];

export const convLayerName = (block: number, conv: number): string => `block${block}_conv${conv}`;
export const poolLayerName = (block: number): string => `block${block}_pool`;
