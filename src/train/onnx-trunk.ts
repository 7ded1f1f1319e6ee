/**
 * VGG16 blocks 4-5 trained through onnxruntime-node (src/engine/onnx/trunk-graphs.ts): forward and
 * backward graphs generated from the layers, weights read from the tfjs variables once per
 * optimiser step, gradients handed back as tensors for the same Adam. With the Winograd graphs
 * (src/engine/onnx/winograd-graphs.ts) the whole step takes ~150 ms/photo of CPU against ~800 all in
 * tfjs-wasm (bench/train.ts, docs/models.md); gradients match tfjs autodiff
 * (src/engine/onnx/trunk-trainer.test.ts). MASKFACE_TRAIN_ENGINE=tfjs turns it off.
 */
import type { Tf } from '../engine/tf.js';
import type { TrunkLayer } from '../engine/onnx/trunk-graphs.js';
import { createTrunkTrainer, type TrunkForward, type TrunkTrainer } from '../engine/onnx/trunk-trainer.js';
import type { TrunkEngine } from './loop.js';
import type { LayersModel } from '../model-folder/network.js';

type Tensor = ReturnType<Tf['tensor']>;

export interface OnnxTrunk extends TrunkEngine {
  release(): Promise<void>;
}

/** The part as conv/pool layers, or undefined when it holds anything else. */
function trunkLayers(part: LayersModel): TrunkLayer[] | undefined {
  const layers: TrunkLayer[] = [];
  for (const layer of part.layers) {
    const type = layer.getClassName();
    const config = layer.getConfig() as { padding?: string; strides?: number[]; activation?: string; poolSize?: number[]; kernelSize?: number[] };
    if (type === 'MaxPooling2D' && (config.poolSize ?? []).every((p) => p === 2) && (config.strides ?? [2, 2]).every((p) => p === 2)) {
      layers.push({ kind: 'pool' });
      continue;
    }
    const kernel = layer.getWeights()[0];
    const plain = config.padding === 'same' && config.activation === 'relu' && (config.strides ?? [1, 1]).every((v) => v === 1);
    if (type !== 'Conv2D' || !plain || kernel === undefined || kernel.shape[0] !== 3 || kernel.shape[1] !== 3) return undefined;
    layers.push({ kind: 'conv', cin: kernel.shape[2] as number, cout: kernel.shape[3] as number });
  }
  return layers;
}

export async function createOnnxTrunk(tf: Tf, part: LayersModel, engine = process.env.MASKFACE_TRAIN_ENGINE ?? 'onnxruntime'): Promise<OnnxTrunk | undefined> {
  const layers = engine === 'tfjs' ? undefined : trunkLayers(part);
  const inputShape = part.inputs[0]?.shape;
  if (layers === undefined || inputShape === undefined || inputShape[1] !== inputShape[2]) return undefined;
  const trainer: TrunkTrainer = await createTrunkTrainer(layers, inputShape[1] as number, inputShape[3] as number);
  const variables = part.trainableWeights.map((w) => (w as unknown as { read(): Tensor }).read());
  let feeds: ReturnType<TrunkTrainer['feeds']> | undefined;
  return {
    beginStep() {
      feeds = trainer.feeds({ arrays: variables.map((v) => v.dataSync() as Float32Array) });
    },
    async forward(features) {
      if (feeds === undefined) throw new Error('OnnxTrunk.forward before beginStep');
      const out = await trainer.forward((await features.data()) as Float32Array, features.shape as [number, number, number, number], feeds);
      return { y: tf.tensor4d(out.y, [...out.shape]), saved: out };
    },
    async backward(dy, saved) {
      if (feeds === undefined) throw new Error('OnnxTrunk.backward before beginStep');
      const grads = await trainer.backward((await dy.data()) as Float32Array, saved as TrunkForward, feeds);
      return grads.map((g, i) => tf.tensor(g, variables[i]?.shape ?? [g.length]));
    },
    release: () => trainer.release(),
  };
}
