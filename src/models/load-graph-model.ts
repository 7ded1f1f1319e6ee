/**
 * Loads a TensorFlow.js graph model (model.json + weight shards) from the file system through
 * `tf.io.fromMemory`, so no fetch or URL handler is involved and nothing reaches the network.
 */
import type { GraphModel } from '@tensorflow/tfjs';
import { getTf } from '../engine/tf.js';
import { REINSTALL_FIX, readGraphModelFiles } from './read-graph-model.js';

/** The graph model as a TensorFlow.js GraphModel. */
export async function loadGraphModelFromFile(modelJsonPath: string, fix = REINSTALL_FIX): Promise<GraphModel> {
  const { json, weightData } = await readGraphModelFiles(modelJsonPath, fix);
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
  const buffer = weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength) as ArrayBuffer;
  const tf = await getTf();
  return tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology as object, weightSpecs, weightData: buffer, format: json.format ?? 'graph-model' }));
}
