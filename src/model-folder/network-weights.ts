/** A network's weights as named arrays (`<part>/<layer>/<index>`), to save and restore them by name. */
import type { Tf } from '../engine/tf.js';
import { MaskfaceError } from '../errors.js';
import type { Network } from './network.js';
import { networkParts } from './network.js';
import type { NamedArray } from './tensor-file.js';

export function collectWeights(net: Network): NamedArray[] {
  const out: NamedArray[] = [];
  for (const part of networkParts(net)) {
    for (const layer of part.layers) {
      layer.getWeights().forEach((w, i) => out.push({ name: `${part.name}/${layer.name}/${i}`, shape: w.shape, data: w.dataSync() as Float32Array }));
    }
  }
  return out;
}

/** Sets every layer's weights from `arrays`; every name must be present with the same shape. */
export function assignWeights(tf: Tf, net: Network, arrays: ReadonlyMap<string, NamedArray>, file: string): void {
  for (const part of networkParts(net)) {
    for (const layer of part.layers) {
      const current = layer.getWeights();
      if (current.length === 0) continue;
      const values = current.map((w, i) => {
        const name = `${part.name}/${layer.name}/${i}`;
        const a = arrays.get(name);
        if (a === undefined) throw new MaskfaceError('MF_BAD_WEIGHTS', `${file}: no weights for ${name}. The file belongs to another network; train again.`, { file });
        if (a.shape.length !== w.shape.length || a.shape.some((d, j) => d !== w.shape[j])) {
          throw new MaskfaceError('MF_SHAPE_MISMATCH', `${file}: ${name} has shape [${a.shape.join(', ')}], the network [${w.shape.join(', ')}].`, { file });
        }
        return tf.tensor(a.data, [...a.shape]);
      });
      layer.setWeights(values);
      for (const v of values) v.dispose();
    }
  }
}

/** The variables the optimiser updates, in a stable order. */
export function trainableVariables(net: Network): ReturnType<Tf['variable']>[] {
  return net.trainable.flatMap((part) => part.trainableWeights.map((w) => (w as unknown as { read(): ReturnType<Tf['variable']> }).read()));
}
