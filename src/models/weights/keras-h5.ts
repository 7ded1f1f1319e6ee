/**
 * Reads a Keras weights file (`model.save_weights(...h5)`, e.g. the ImageNet file
 * `vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5`) and copies its arrays into tfjs layers of
 * the same names. Keras's layout: the root attribute `layer_names` lists the layers; each layer is a
 * group whose attribute `weight_names` lists its datasets in the order of `layer.weights`
 * (kernel, bias). Files without `weight_names` fall back to the group's datasets in stored order.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { fileNotFound, MaskfaceError } from '../../errors.js';

/** The file Keras downloads for `VGG16(weights='imagenet', include_top=False)`. */
export const VGG16_NOTOP_FILE = 'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5';

/** One weight array of one layer. */
export interface NamedArray {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** What a tfjs layer offers the importer (tfjs `Layer` satisfies it). */
export interface WeightTarget {
  readonly name: string;
  readonly weights: readonly { readonly shape: readonly (number | null)[] }[];
  setWeights(weights: never[]): void;
}

const asStrings = (value: unknown): string[] => {
  if (value === null || value === undefined) return [];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : Array.from(value as ArrayLike<unknown>);
  return list.map((v) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : String(v)));
};

/** Reads every layer's arrays from a Keras h5 weights file: layer name -> arrays in Keras order. */
export async function readKerasH5(path: string): Promise<Map<string, NamedArray[]>> {
  if (!existsSync(path)) throw fileNotFound(path, `Give the Keras weights file (${VGG16_NOTOP_FILE}).`);
  await h5wasm.ready;
  let file: InstanceType<typeof h5wasm.File>;
  try {
    file = new h5wasm.File(path, 'r');
  } catch (err) {
    throw new MaskfaceError('MF_BAD_WEIGHTS', `${path}: not an HDF5 file (${String(err)}). Give a Keras .h5 weights file.`, { file: path, cause: err });
  }
  try {
    // Files saved from a whole model keep the weights under /model_weights.
    const root = file.keys().includes('model_weights') ? (file.get('model_weights') as InstanceType<typeof h5wasm.Group>) : file;
    const listed = asStrings(root.attrs['layer_names']?.value);
    const layerNames = listed.length > 0 ? listed : root.keys();
    const layers = new Map<string, NamedArray[]>();
    for (const layerName of layerNames) {
      const group = root.get(layerName);
      if (!(group instanceof h5wasm.Group)) continue;
      let names = asStrings(group.attrs['weight_names']?.value);
      if (names.length === 0) names = group.paths().filter((p) => group.get(p) instanceof h5wasm.Dataset).map((p) => p.replace(/^\//, ''));
      const arrays: NamedArray[] = [];
      for (const name of names) {
        const ds = group.get(name);
        if (!(ds instanceof h5wasm.Dataset)) {
          throw new MaskfaceError('MF_BAD_WEIGHTS', `${path}: layer ${layerName} lists weight ${name} but has no such dataset. The file is damaged or not in Keras's layout.`, { file: path });
        }
        const value = ds.value;
        if (!(value instanceof Float32Array || value instanceof Float64Array)) {
          throw new MaskfaceError('MF_BAD_WEIGHTS', `${path}: ${layerName}/${name} is not a float array. Give a Keras weights file.`, { file: path });
        }
        arrays.push({ name, shape: ds.shape ?? [], data: value instanceof Float32Array ? value : Float32Array.from(value) });
      }
      if (arrays.length > 0) layers.set(layerName, arrays);
    }
    return layers;
  } finally {
    file.close();
  }
}

export interface ImportReport {
  /** Layers whose weights were replaced. */
  readonly loaded: readonly string[];
  /** Layers of the file no target has (ignored: e.g. a top classifier). */
  readonly unused: readonly string[];
}

/**
 * Copies the file's arrays into the target layers by layer name. Every target layer with weights
 * must be in the file and every shape must match; otherwise nothing is changed and the error says
 * which layer and shape differ.
 */
export async function importKerasWeights(
  tf: { tensor: (data: Float32Array, shape: number[]) => { dispose(): void } },
  path: string,
  targets: readonly WeightTarget[],
): Promise<ImportReport> {
  const file = await readKerasH5(path);
  const plan: { target: WeightTarget; arrays: NamedArray[] }[] = [];
  for (const target of targets) {
    if (target.weights.length === 0) continue;
    const arrays = file.get(target.name);
    if (arrays === undefined) {
      throw new MaskfaceError('MF_BAD_WEIGHTS', `${path}: has no layer named ${target.name} (it has ${[...file.keys()].join(', ') || 'none'}). Give the VGG16 "notop" weights file ${VGG16_NOTOP_FILE}.`, { file: path });
    }
    if (arrays.length !== target.weights.length) {
      throw new MaskfaceError('MF_SHAPE_MISMATCH', `${path}: layer ${target.name} has ${arrays.length} arrays, the model expects ${target.weights.length}.`, { file: path });
    }
    target.weights.forEach((w, i) => {
      const got = arrays[i]?.shape ?? [];
      const want = w.shape.map((d) => d ?? -1);
      if (got.length !== want.length || got.some((d, j) => d !== want[j])) {
        throw new MaskfaceError('MF_SHAPE_MISMATCH', `${path}: ${target.name}/${arrays[i]?.name}: shape [${got.join(', ')}] in the file, [${want.join(', ')}] in the model. Give weights of the same architecture (VGG16, channels last).`, { file: path });
      }
    });
    plan.push({ target, arrays });
  }
  for (const { target, arrays } of plan) {
    const tensors = arrays.map((a) => tf.tensor(a.data, [...a.shape]));
    target.setWeights(tensors as never[]);
    for (const t of tensors) t.dispose();
  }
  const used = new Set(plan.map((p) => p.target.name));
  return { loaded: [...used], unused: [...file.keys()].filter((k) => !used.has(k)) };
}

/**
 * Where the ImageNet weights are looked for when the user names no file: MASKFACE_VGG16_WEIGHTS,
 * then Keras's own cache (~/.keras/models/). Never downloaded: this tool works offline.
 */
export function findVgg16Weights(explicit?: string): string | undefined {
  const candidates = [explicit, process.env.MASKFACE_VGG16_WEIGHTS, join(homedir(), '.keras', 'models', VGG16_NOTOP_FILE)];
  if (explicit !== undefined) return explicit;
  return candidates.find((c): c is string => c !== undefined && c !== '' && existsSync(c));
}
