/**
 * MobileFace without its descriptor layer: the trunk's 2048 features (a 4x4x128 map, flattened,
 * row-major height, width, channel), and the dense + batch-norm weights that make the 256-D
 * descriptor from them. `fit-backbone` retrains that layer on cached trunk features.
 */
import type { GraphModel } from '@tensorflow/tfjs';
import { invalidArgument } from '../../errors.js';
import { GraphEmbedder } from '../graph-embedder.js';
import { loadGraphModelFromFile } from '../load-graph-model.js';
import { MOBILEFACE_DENSE_NODES, MOBILEFACE_DIMENSION, MOBILEFACE_INPUT_SIZE, MOBILEFACE_TRUNK_DIMENSION, MOBILEFACE_TRUNK_NODE } from './constants.js';
import { resolveMobilefaceConfig, type MobilefaceConfig } from './mobileface.js';
import type { RgbImage } from '../../image/types.js';

/** The descriptor layer: descriptor = features x kernel * scale + shift. */
export interface MobilefaceDense {
  /** Row-major [2048, 256]. */
  readonly kernel: Float32Array;
  readonly scale: Float32Array;
  readonly shift: Float32Array;
}

export class MobilefaceTrunk {
  private readonly net: GraphEmbedder;

  constructor(private readonly model: GraphModel) {
    this.net = new GraphEmbedder({ name: 'mobileface-trunk', dimension: MOBILEFACE_TRUNK_DIMENSION, inputSize: MOBILEFACE_INPUT_SIZE, descriptorNode: MOBILEFACE_TRUNK_NODE, unitLength: false }, model);
  }

  /** The 2048 trunk features of an ArcFace-aligned chip (any size; resized to 112x112). */
  features(chip: RgbImage): Promise<Float32Array> {
    return this.net.embed(chip);
  }

  /** The shipped descriptor layer's weights, copied out of the graph. */
  dense(): MobilefaceDense {
    const read = (node: string, length: number): Float32Array => {
      const tensor = this.model.weights[node]?.[0];
      if (tensor === undefined) throw invalidArgument('MobileFace graph', `a weight node ${node}`, 'none');
      const values = tensor.dataSync() as Float32Array;
      if (values.length !== length) throw invalidArgument(`MobileFace weight ${node}`, `${length} values`, values.length);
      return Float32Array.from(values);
    };
    return {
      kernel: read(MOBILEFACE_DENSE_NODES.kernel, MOBILEFACE_TRUNK_DIMENSION * MOBILEFACE_DIMENSION),
      scale: read(MOBILEFACE_DENSE_NODES.scale, MOBILEFACE_DIMENSION),
      shift: read(MOBILEFACE_DENSE_NODES.shift, MOBILEFACE_DIMENSION),
    };
  }

  dispose(): void {
    this.net.dispose();
  }
}

export async function loadMobilefaceTrunk(config: MobilefaceConfig = {}): Promise<MobilefaceTrunk> {
  const { modelPath } = resolveMobilefaceConfig(config);
  return new MobilefaceTrunk(await loadGraphModelFromFile(modelPath, 'Restore the vendored files: git checkout src/models/mobileface/weights, or node scripts/vendor-weights.mjs.'));
}
