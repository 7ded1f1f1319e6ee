/**
 * The classifier the paper puts on VGG16 (paper 3.3, Fig. 1): GlobalAveragePooling2D,
 * BatchNormalization, Dense 1024 ReLU + Dropout 0.5, three times Dense 512 ReLU + Dropout 0.4, and
 * a Dense softmax over the people. On a feature vector (a face backbone's embedding) there is no
 * spatial map to pool, so the head starts at BatchNormalization.
 */
import type { Tf } from '../../engine/tf.js';

type Sequential = ReturnType<Tf['sequential']>;

export const HEAD_FIRST_UNITS = 1024;
export const HEAD_FIRST_DROPOUT = 0.5;
export const HEAD_HIDDEN_UNITS = 512;
export const HEAD_HIDDEN_LAYERS = 3;
export const HEAD_HIDDEN_DROPOUT = 0.4;

export interface HeadConfig {
  /** Shape of one input: [h, w, channels] for a feature map, [d] for a feature vector. */
  readonly inputShape: readonly number[];
  /** Number of people (softmax outputs), at least 2. */
  readonly classes: number;
}

/** Builds the head with Keras's default layer names for these layers, so weights match by name. */
export function buildHead(tf: Tf, config: HeadConfig): Sequential {
  const head = tf.sequential({ name: 'head' });
  const inputShape = [...config.inputShape];
  if (inputShape.length === 3) {
    head.add(tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d', inputShape }));
    head.add(tf.layers.batchNormalization({ name: 'batch_normalization' }));
  } else {
    head.add(tf.layers.batchNormalization({ name: 'batch_normalization', inputShape }));
  }
  const dense = (index: number, units: number, activation: 'relu' | 'softmax'): void => {
    head.add(tf.layers.dense({ name: index === 0 ? 'dense' : `dense_${index}`, units, activation }));
  };
  const dropout = (index: number, rate: number): void => {
    head.add(tf.layers.dropout({ name: index === 0 ? 'dropout' : `dropout_${index}`, rate }));
  };
  dense(0, HEAD_FIRST_UNITS, 'relu');
  dropout(0, HEAD_FIRST_DROPOUT);
  for (let i = 1; i <= HEAD_HIDDEN_LAYERS; i++) {
    dense(i, HEAD_HIDDEN_UNITS, 'relu');
    dropout(i, HEAD_HIDDEN_DROPOUT);
  }
  dense(HEAD_HIDDEN_LAYERS + 1, config.classes, 'softmax');
  return head;
}
