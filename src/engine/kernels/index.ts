/**
 * Kernels the wasm backend lacks for training, or runs too slowly for it (measured in bench/), each
 * tested against the cpu backend's result. `registerTrainingKernels` is called once by getTf().
 */
import type { Tf } from '../tf.js';
import { conv2dBackpropFilterKernel } from './conv2d-backprop-filter.js';
import { conv2dBackpropInputKernel } from './conv2d-backprop-input.js';
import { explicitTransposeKernel } from './mat-mul.js';

type KernelFunc = (args: { inputs: Record<string, unknown>; attrs?: unknown; backend: unknown }) => unknown;

/** Kernel names this module registers or replaces on the wasm backend. */
export const TRAINING_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'BatchMatMul', '_FusedMatMul'] as const;

const registered = new WeakSet<object>();
const originals = new Map<string, KernelFunc>();

/** tfjs-backend-wasm's own kernel that `name` replaced, for benchmarks that compare the two. */
export function originalWasmKernel(name: string): KernelFunc | undefined {
  return originals.get(name);
}

function replace(tf: Tf, name: string, make: (original: KernelFunc) => { kernelName: string; backendName: string; kernelFunc: KernelFunc }): void {
  const existing = tf.getKernel(name, 'wasm');
  if (existing === undefined) throw new Error(`tfjs-backend-wasm has no ${name} kernel to wrap`);
  const original = existing.kernelFunc as unknown as KernelFunc;
  originals.set(name, original);
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel(make(original) as never);
}

/** Registers the kernels for the wasm backend; a second call does nothing. */
export function registerTrainingKernels(tf: Tf): void {
  if (registered.has(tf)) return;
  registered.add(tf);
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') === undefined) tf.registerKernel(conv2dBackpropFilterKernel(tf) as never);
  replace(tf, 'Conv2DBackpropInput', (original) => conv2dBackpropInputKernel(tf, original));
  replace(tf, 'BatchMatMul', (original) => explicitTransposeKernel(tf, 'BatchMatMul', original));
  replace(tf, '_FusedMatMul', (original) => explicitTransposeKernel(tf, '_FusedMatMul', original));
}
