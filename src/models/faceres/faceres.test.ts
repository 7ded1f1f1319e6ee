import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodeImage } from '../../image/io.js';
import { resizeBilinearRgb } from '../../image/resize.js';
import { dot, l2Normalize } from '../../methods/similarity.js';
import { GraphEmbedder } from '../graph-embedder.js';
import { loadGraphModelFromFile } from '../load-graph-model.js';
import { embedderContractTests } from '../testing/embedder-contract.js';
import { FACERES_DESCRIPTOR_NODE } from './constants.js';
import { FACERES_DIMENSION, FACERES_INPUT_SIZE, FACERES_NAME, type FaceresEmbedder, defaultFaceresModelPath, load } from './index.js';

embedderContractTests('faceres', FACERES_DIMENSION, () => load());

/**
 * The ONNX rewrite against the TF.js graph it came from, run by TensorFlow.js (the way faceres ran
 * before issue 25): same weights, so only float rounding may differ (cosine, unitless).
 */
const SAME_VECTOR_COSINE = 0.9999;
/** Relative difference of the raw (not normalised) descriptors' lengths. */
const SAME_LENGTH_RELATIVE = 1e-3;
const FACES = 'test/fixtures/rmfd-mini/AFDB_face_dataset';

let onnx: FaceresEmbedder;
let tfjs: GraphEmbedder;
before(async () => {
  onnx = await load();
  tfjs = new GraphEmbedder({ name: FACERES_NAME, dimension: FACERES_DIMENSION, inputSize: FACERES_INPUT_SIZE, descriptorNode: FACERES_DESCRIPTOR_NODE, unitLength: false }, await loadGraphModelFromFile(defaultFaceresModelPath()));
});
after(() => {
  onnx.dispose();
  tfjs.dispose();
});

const norm = (v: Float32Array): number => Math.hypot(...v);

test('faceres in onnxruntime gives the vectors TensorFlow.js gives, on real face crops at 224 px and at their own size', async () => {
  const people = readdirSync(FACES).sort();
  for (const person of people) {
    const photo = readdirSync(join(FACES, person)).sort()[0]!;
    const face = await decodeImage(join(FACES, person, photo));
    // The encoder's chips are 224 px; a crop of another size is resized inside the embedder, as tfjs resized it.
    for (const input of [resizeBilinearRgb(face, FACERES_INPUT_SIZE, FACERES_INPUT_SIZE), face]) {
      const [a, b] = [await onnx.embed(input), await tfjs.embed(input)];
      const cos = dot(l2Normalize(a), l2Normalize(b));
      assert.ok(cos > SAME_VECTOR_COSINE, `${person}/${photo} at ${input.width}x${input.height}: cosine ${cos}`);
      assert.ok(Math.abs(norm(a) - norm(b)) <= SAME_LENGTH_RELATIVE * norm(b), `${person}/${photo}: lengths ${norm(a)} and ${norm(b)}`);
    }
  }
});
