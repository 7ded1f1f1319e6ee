/**
 * Runs a network's frozen part. VGG16's frozen convolutions go through onnxruntime-node (a graph
 * generated from the layers' weights, src/engine/onnx/): 99 ms/photo of CPU for blocks 1-3 against
 * 409 ms under tfjs-wasm (bench/train.ts). Anything else, or MASKFACE_FROZEN_ENGINE=tfjs, runs in tfjs.
 */
import type { Tf } from '../engine/tf.js';
import { createConvStack, type StackLayer } from '../engine/onnx/conv-stack.js';
import type { Network } from '../model-folder/network.js';
import { frozenFeatures } from '../model-folder/network.js';

type Tensor = ReturnType<Tf['tensor']>;

export interface FrozenRunner {
  readonly engine: 'onnxruntime' | 'tfjs';
  /** The frozen part's output for a batch; the caller disposes both. */
  run(x: Tensor): Promise<Tensor>;
  dispose(): Promise<void>;
}

/** The frozen layers as a conv stack, or undefined when one of them is something else. */
function stackLayers(net: Network): StackLayer[] | undefined {
  const layers: StackLayer[] = [];
  for (const layer of net.frozen.flatMap((part) => part.layers)) {
    const type = layer.getClassName();
    if (type === 'MaxPooling2D') {
      layers.push({ kind: 'pool' });
      continue;
    }
    const config = layer.getConfig() as { padding?: string; strides?: number[]; activation?: string; dilationRate?: number[] };
    const [kernel, bias] = layer.getWeights();
    const plain = config.padding === 'same' && config.activation === 'relu' && (config.strides ?? [1, 1]).every((s) => s === 1) && (config.dilationRate ?? [1, 1]).every((d) => d === 1);
    if (type !== 'Conv2D' || !plain || kernel === undefined || bias === undefined || kernel.shape[0] !== 3 || kernel.shape[1] !== 3) return undefined;
    layers.push({ kind: 'conv', kernel: kernel.dataSync() as Float32Array, kernelShape: kernel.shape as [number, number, number, number], bias: bias.dataSync() as Float32Array });
  }
  return layers;
}

export async function createFrozenRunner(tf: Tf, net: Network, engine = process.env.MASKFACE_FROZEN_ENGINE ?? 'onnxruntime'): Promise<FrozenRunner> {
  const layers = engine === 'tfjs' || net.frozen.length === 0 ? undefined : stackLayers(net);
  if (layers === undefined) {
    return { engine: 'tfjs', run: async (x) => frozenFeatures(tf, net, x), dispose: async () => undefined };
  }
  const stack = await createConvStack(layers);
  return {
    engine: 'onnxruntime',
    async run(x) {
      const out = await stack.run((await x.data()) as Float32Array, x.shape as [number, number, number, number]);
      return tf.tensor4d(out.data, out.shape);
    },
    dispose: () => stack.release(),
  };
}
