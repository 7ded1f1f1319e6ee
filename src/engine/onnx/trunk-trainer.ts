/**
 * Runs the generated trunk graphs in onnxruntime-node: forward with saved outputs, then backward.
 * Winograd F(2x2, 3x3) graphs (winograd-graphs.ts) when every convolution's side is even (VGG16
 * at 160x160), the direct ones (trunk-graphs.ts) otherwise.
 */
import * as ort from 'onnxruntime-node';
import { encodeModel } from './protobuf.js';
import { backwardGraph, forwardGraph, savedNames, type TrunkLayer } from './trunk-graphs.js';
import { winogradBackwardGraph, winogradFits, winogradForwardGraph, winogradKernelGraph, winogradSavedNames } from './winograd-graphs.js';

export interface TrunkWeights {
  /** Kernels [3, 3, cin, cout] and biases [cout] of the conv layers, in layer order: k0, b0, k1, b1, ... */
  readonly arrays: readonly Float32Array[];
}

export interface TrunkForward {
  /** Trunk output, NHWC. */
  readonly y: Float32Array;
  readonly shape: readonly [number, number, number, number];
  /** What the backward graph needs; opaque. */
  readonly saved: Readonly<Record<string, ort.Tensor>>;
}

export interface TrunkTrainer {
  /** Wraps weights once per optimiser step (they stay the same over its micro-batches). */
  feeds(weights: TrunkWeights): Record<string, ort.Tensor>;
  forward(x: Float32Array, shape: readonly [number, number, number, number], weights: Record<string, ort.Tensor>): Promise<TrunkForward>;
  /** Gradients in the order of `TrunkWeights.arrays`. */
  backward(dy: Float32Array, forward: TrunkForward, weights: Record<string, ort.Tensor>): Promise<Float32Array[]>;
  release(): Promise<void>;
}

export async function createTrunkTrainer(layers: readonly TrunkLayer[], size: number, channels: number, threads = 2): Promise<TrunkTrainer> {
  const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' };
  const winograd = winogradFits(layers, size);
  const forwardModel = winograd ? winogradForwardGraph(layers, size, channels) : forwardGraph(layers, size, channels);
  const backwardModel = winograd ? winogradBackwardGraph(layers, size, channels) : backwardGraph(layers, size, channels);
  const forwardSession = await ort.InferenceSession.create(encodeModel(forwardModel), options);
  const backwardSession = await ort.InferenceSession.create(encodeModel(backwardModel), options);
  const convs = layers.flatMap((l, i) => (l.kind === 'conv' ? [{ i, l }] : []));
  const saved = winograd ? winogradSavedNames(layers) : savedNames(layers);
  const backwardInputs = new Set(backwardSession.inputNames);
  const kernelSession = winograd ? await ort.InferenceSession.create(encodeModel(winogradKernelGraph(layers)), options) : undefined;
  // Transformed kernels, computed once per `feeds` result (once per optimiser step), not per micro-batch.
  const transformed = new WeakMap<Record<string, ort.Tensor>, Promise<Record<string, ort.Tensor>>>();
  const prepared = (weights: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>> => {
    if (kernelSession === undefined) return Promise.resolve(weights);
    let result = transformed.get(weights);
    if (result === undefined) {
      const kernels = Object.fromEntries(kernelSession.inputNames.map((name) => [name, weights[name] as ort.Tensor]));
      result = kernelSession.run(kernels).then((out) => ({ ...weights, ...out }));
      transformed.set(weights, result);
    }
    return result;
  };
  const forwardInputs = new Set(forwardSession.inputNames);
  const pick = (all: Record<string, ort.Tensor>, names: Set<string>): Record<string, ort.Tensor> =>
    Object.fromEntries(Object.entries(all).filter(([name]) => names.has(name)));
  return {
    feeds(weights) {
      const out: Record<string, ort.Tensor> = {};
      convs.forEach(({ i, l }, j) => {
        out[`k${i}`] = new ort.Tensor('float32', weights.arrays[2 * j] as Float32Array, [3, 3, l.cin, l.cout]);
        out[`b${i}`] = new ort.Tensor('float32', weights.arrays[2 * j + 1] as Float32Array, [l.cout]);
      });
      return out;
    },
    async forward(x, shape, weights) {
      const input = new ort.Tensor('float32', x, [...shape]);
      const result = await forwardSession.run({ x: input, ...pick(await prepared(weights), forwardInputs) });
      const y = result.y as ort.Tensor;
      const kept = Object.fromEntries(saved.map((name) => [name, result[name] as ort.Tensor]));
      if (backwardInputs.has('x')) kept.x = input;
      return { y: y.data as Float32Array, shape: y.dims.map(Number) as [number, number, number, number], saved: kept };
    },
    async backward(dy, forward, weights) {
      const feeds = { dy: new ort.Tensor('float32', dy, [...forward.shape]), ...forward.saved, ...pick(await prepared(weights), backwardInputs) };
      const result = await backwardSession.run(feeds);
      return convs.flatMap(({ i }) => [(result[`dk${i}`] as ort.Tensor).data as Float32Array, (result[`db${i}`] as ort.Tensor).data as Float32Array]);
    },
    async release() {
      await forwardSession.release();
      await backwardSession.release();
      await kernelSession?.release();
    },
  };
}
