/**
 * The one place that chooses the TensorFlow.js engine. Everything else imports `tf` from here
 * (`const tf = await getTf()`), so a faster backend can be dropped in by changing this file.
 *
 * Why wasm: `@tensorflow/tfjs-node` downloads libtensorflow at install time, which this project's
 * machines cannot do; the wasm backend (SIMD) ships inside its npm package and runs ~30x faster
 * than the pure-JS cpu backend here.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerTrainingKernels } from './kernels/index.js';

export type Tf = typeof tf;
export type Backend = 'wasm' | 'cpu';

let ready: Promise<Tf> | undefined;

/** Initialises the backend once (wasm unless MASKFACE_BACKEND=cpu) and returns the tfjs module. */
export function getTf(backend: Backend = (process.env.MASKFACE_BACKEND as Backend | undefined) ?? 'wasm'): Promise<Tf> {
  ready ??= (async () => {
    if (backend === 'wasm') {
      const require = createRequire(import.meta.url);
      const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/');
      setWasmPaths(wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`);
    }
    await tf.setBackend(backend);
    await tf.ready();
    // The wasm backend lacks a training kernel and runs others too slowly: see kernels/index.ts.
    if (backend === 'wasm') registerTrainingKernels(tf);
    tf.enableProdMode();
    return tf;
  })();
  return ready;
}

export { tf };
