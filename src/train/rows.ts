/** Row sources for the loop: pixels through VGG16's preprocessing, feature vectors, or cached frozen outputs. */
import type { Tf } from '../engine/tf.js';
import type { Rng } from '../balance/random.js';
import { augmentBatch, FACE_AUGMENTATION } from '../image/augment.js';
import type { RgbImage } from '../image/types.js';
import { vgg16Batch } from '../models/vgg16/index.js';
import type { RowSource } from './loop.js';
import type { Network } from '../model-folder/network.js';
import type { FrozenRunner } from './frozen-runner.js';

type Tensor = ReturnType<Tf['tensor']>;

/** Row storage: row `id` is `data[id*rowLength ...]`; ids index the real rows then the synthetic ones. */
export interface RowStore<T extends Uint8Array | Float32Array> {
  readonly rowLength: number;
  row(id: number): T;
  label(id: number): number;
}

/** Square photos (rowLength = size*size*3), augmented on the fly when training and `rng` is given. */
export function pixelSource(tf: Tf, store: RowStore<Uint8Array>, ids: Int32Array, size: number, augmentRng?: Rng): RowSource {
  return {
    count: ids.length,
    label: (i) => store.label(ids[i] as number),
    input(rows, training) {
      let images: RgbImage[] = rows.map((i) => ({ width: size, height: size, data: store.row(ids[i] as number) }));
      if (training && augmentRng !== undefined) images = augmentBatch(images, FACE_AUGMENTATION, augmentRng);
      return vgg16Batch(tf, images, size);
    },
  };
}

/** Feature vectors or cached frozen outputs, reshaped to `shape` per row. */
export function vectorSource(tf: Tf, store: RowStore<Float32Array>, ids: Int32Array, shape: readonly number[]): RowSource {
  return {
    count: ids.length,
    label: (i) => store.label(ids[i] as number),
    input(rows) {
      const data = new Float32Array(rows.length * store.rowLength);
      rows.forEach((r, k) => data.set(store.row(ids[r] as number), k * store.rowLength));
      return tf.tensor(data, [rows.length, ...shape]);
    },
  };
}

/**
 * Runs the frozen part once over every row of `sources` (inference mode, no augmentation) and keeps
 * the outputs: each later epoch then starts at the first trained layer. Returns a store keyed by
 * the sources' own row indices, one store per source.
 */
export async function precomputeFrozen(tf: Tf, net: Network, frozen: FrozenRunner, source: RowSource, microBatchSize: number, onProgress?: (done: number, total: number) => void): Promise<{ store: RowStore<Float32Array>; shape: number[] }> {
  const last = net.frozen.at(-1);
  const shape = (last?.outputs[0]?.shape.slice(1) ?? []) as number[];
  const rowLength = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(source.count * rowLength);
  for (let start = 0; start < source.count; start += microBatchSize) {
    const rows = Array.from({ length: Math.min(microBatchSize, source.count - start) }, (_, k) => start + k);
    const x = source.input(rows, false);
    const y: Tensor = await frozen.run(x);
    data.set(y.dataSync(), start * rowLength);
    x.dispose();
    y.dispose();
    onProgress?.(start + rows.length, source.count);
  }
  return { store: { rowLength, row: (i) => data.subarray(i * rowLength, (i + 1) * rowLength), label: (i) => source.label(i) }, shape };
}
