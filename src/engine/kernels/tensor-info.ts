/** Kernels written with tfjs ops receive TensorInfo or Tensor inputs; ops need Tensors. */
import type { Tf } from '../tf.js';

export type Tensor = ReturnType<Tf['tensor']>;
export interface TensorInfoLike {
  readonly dataId: object;
  readonly shape: readonly number[];
  readonly dtype: string;
}

/**
 * Runs `body` on Tensor views of the inputs; views made here are disposed after, the inputs'
 * data stay. Ops run inside a kernel are not recorded on the gradient tape (the engine turns
 * recording off while a kernel runs), so the result is one output of the kernel.
 */
export function withTensors<T extends Record<string, TensorInfoLike>>(tf: Tf, inputs: T, body: (t: { [K in keyof T]: Tensor }) => Tensor): Tensor {
  const made: Tensor[] = [];
  const views = {} as { [K in keyof T]: Tensor };
  for (const key of Object.keys(inputs) as (keyof T)[]) {
    const info = inputs[key];
    if (info instanceof tf.Tensor) {
      views[key] = info;
    } else {
      const view = tf.engine().makeTensorFromTensorInfo(info as never);
      made.push(view);
      views[key] = view;
    }
  }
  try {
    return tf.tidy(() => body(views));
  } finally {
    for (const t of made) t.dispose();
  }
}
