/** ImageNet weights for VGG16 when the user has them; random weights otherwise, said loudly. */
import type { Tf } from '../engine/tf.js';
import { findVgg16Weights, VGG16_NOTOP_FILE } from '../models/weights/index.js';
import type { Network } from '../model-folder/network.js';
import { importVgg16Weights } from '../model-folder/network.js';

export type Vgg16WeightsSource = { readonly kind: 'imagenet'; readonly path: string } | { readonly kind: 'random' };

/** Imports the weights file if one is given or found; otherwise prints a warning on stderr. */
export async function loadVgg16WeightsOrWarn(tf: Tf, net: Network, explicit?: string, warn: (message: string) => void = (m) => console.error(m)): Promise<Vgg16WeightsSource> {
  const path = findVgg16Weights(explicit);
  if (path === undefined) {
    warn(
      `WARNING: no ImageNet weights for VGG16 (${VGG16_NOTOP_FILE} not given with --weights, not in MASKFACE_VGG16_WEIGHTS, ` +
        'not in ~/.keras/models/). VGG16 starts from RANDOM weights: the frozen blocks 1-3 then extract no useful features, ' +
        'so accuracy will be far below the paper. Copy the file there, or use --backbone faceres.',
    );
    return { kind: 'random' };
  }
  await importVgg16Weights(tf, net, path);
  return { kind: 'imagenet', path };
}
