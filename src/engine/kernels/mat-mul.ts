/**
 * `BatchMatMul` and `_FusedMatMul` with their transposes done explicitly. tfjs-backend-wasm 4.22
 * runs a matMul with transposeA or transposeB 10-30x slower than a plain one (bench: a
 * [512, 6400] x [6400, 512] product takes 0.34 s plain, 9.3 s with transposeA, 3.9 s with
 * transposeB), and a backward pass is made of such products; its fused matMul with a transpose and
 * a bias also gives wrong results. A transpose copy costs far less than either.
 */
import type { BatchMatMulAttrs } from '@tensorflow/tfjs-core';
import type { Tf } from '../tf.js';
import type { Tensor, TensorInfoLike } from './tensor-info.js';
import { withTensors } from './tensor-info.js';

type KernelArgs = { inputs: Record<string, unknown>; attrs?: unknown; backend: unknown };
type KernelFunc = (args: KernelArgs) => unknown;

const swapLastTwo = (rank: number): number[] => [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];

/** Wraps a matMul kernel so it only ever sees transposeA = transposeB = false. */
export function explicitTransposeKernel(tf: Tf, kernelName: 'BatchMatMul' | '_FusedMatMul', original: KernelFunc) {
  return {
    kernelName,
    backendName: 'wasm',
    kernelFunc: (args: KernelArgs) => {
      const attrs = args.attrs as BatchMatMulAttrs;
      if (!attrs.transposeA && !attrs.transposeB) return original(args);
      const inputs = args.inputs as Record<string, TensorInfoLike>;
      const a = inputs.a as TensorInfoLike;
      const b = inputs.b as TensorInfoLike;
      let aT: Tensor | undefined;
      let bT: Tensor | undefined;
      try {
        aT = attrs.transposeA ? withTensors(tf, { a }, (t) => tf.transpose(t.a, swapLastTwo(a.shape.length))) : undefined;
        bT = attrs.transposeB ? withTensors(tf, { b }, (t) => tf.transpose(t.b, swapLastTwo(b.shape.length))) : undefined;
        return original({ ...args, inputs: { ...inputs, a: aT ?? a, b: bT ?? b }, attrs: { ...attrs, transposeA: false, transposeB: false } });
      } finally {
        aT?.dispose();
        bT?.dispose();
      }
    },
  };
}
