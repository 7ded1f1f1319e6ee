/**
 * Adam (Kingma and Ba 2015) with Keras's defaults, written out rather than tfjs's optimizer so
 * the learning rate can change between steps (ReduceLROnPlateau) and its moments can be saved in a
 * checkpoint and restored on resume.
 */
import type { Tf } from '../engine/tf.js';

type Tensor = ReturnType<Tf['tensor']>;
type Variable = ReturnType<Tf['variable']>;

export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
/** Keras's epsilon (1e-7), added to the root of the second moment. */
export const ADAM_EPSILON = 1e-7;

export interface AdamState {
  /** Steps taken so far. */
  readonly step: number;
  /** First and second moments, one pair per variable, in variable order. */
  readonly moments: readonly { readonly m: Float32Array; readonly v: Float32Array }[];
}

export class Adam {
  learningRate: number;
  private step = 0;
  private readonly m: Variable[];
  private readonly v: Variable[];

  constructor(
    private readonly tf: Tf,
    private readonly variables: readonly Variable[],
    learningRate: number,
  ) {
    this.learningRate = learningRate;
    // Inside tidy so the zeros the variables copy are freed.
    this.m = variables.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
    this.v = variables.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
  }

  /** One update from gradients in variable order; disposes nothing it was given. */
  apply(gradients: readonly Tensor[]): void {
    const tf = this.tf;
    this.step += 1;
    const t = this.step;
    // Bias corrections folded into the step size, as Keras does.
    const alpha = (this.learningRate * Math.sqrt(1 - ADAM_BETA2 ** t)) / (1 - ADAM_BETA1 ** t);
    tf.tidy(() => {
      this.variables.forEach((x, i) => {
        const g = gradients[i];
        const m = this.m[i];
        const v = this.v[i];
        if (g === undefined || m === undefined || v === undefined) return;
        const m1 = tf.add(tf.mul(m, ADAM_BETA1), tf.mul(g, 1 - ADAM_BETA1));
        const v1 = tf.add(tf.mul(v, ADAM_BETA2), tf.mul(tf.square(g), 1 - ADAM_BETA2));
        m.assign(m1);
        v.assign(v1);
        x.assign(tf.sub(x, tf.div(tf.mul(m1, alpha), tf.add(tf.sqrt(v1), ADAM_EPSILON))));
      });
    });
  }

  getState(): AdamState {
    return { step: this.step, moments: this.m.map((m, i) => ({ m: m.dataSync() as Float32Array, v: (this.v[i] as Variable).dataSync() as Float32Array })) };
  }

  setState(state: AdamState): void {
    if (state.moments.length !== this.m.length) throw new Error(`Adam state has ${state.moments.length} variables, the network ${this.m.length}`);
    this.step = state.step;
    state.moments.forEach((s, i) => {
      const m = this.m[i] as Variable;
      const v = this.v[i] as Variable;
      this.tf.tidy(() => {
        m.assign(this.tf.tensor(s.m, m.shape));
        v.assign(this.tf.tensor(s.v, v.shape));
      });
    });
  }

  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
  }
}
