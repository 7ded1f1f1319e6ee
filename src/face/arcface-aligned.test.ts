import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeImage } from '../image/io.js';
import type { RgbImage } from '../image/types.js';
import type { Embedder } from '../models/types.js';
import { ArcfaceAlignedEmbedder, loadArcfaceAligned } from './arcface-aligned.js';
import { loadDetector } from './detectors.js';

/** An RMFD photo: a tight 160x160 crop, the case the black border is for. */
const FIXTURE = join('test', 'fixtures', 'rmfd-mini', 'AFDB_face_dataset', 'caizhuoyan', '0_0_caizhuoyan_0001.jpg');

/** Records the images it is given; returns their size as the "embedding". */
class RecordingNet implements Embedder {
  readonly name = 'recording';
  readonly dimension = 2;
  readonly seen: RgbImage[] = [];
  disposed = false;
  async embed(face: RgbImage): Promise<Float32Array> {
    this.seen.push(face);
    return Float32Array.of(face.width, face.height);
  }
  dispose(): void {
    this.disposed = true;
  }
}

test('a tight RMFD crop is aligned onto a 112x112 ArcFace chip; a photo without a face goes through as it is', async () => {
  const net = new RecordingNet();
  const embedder = new ArcfaceAlignedEmbedder(net, await loadDetector({ kind: 'retinaface' }), 112);
  assert.equal(embedder.name, 'recording');
  assert.equal(embedder.dimension, 2);
  assert.equal(embedder.variant, 'arcface-aligned-pad0.25', 'the alignment is part of feature-cache keys');
  const photo = await decodeImage(FIXTURE);
  assert.deepEqual([...(await embedder.embed(photo))], [112, 112]);
  const blank: RgbImage = { width: 64, height: 48, data: new Uint8Array(64 * 48 * 3) };
  assert.deepEqual([...(await embedder.embed(blank))], [64, 48]);
  assert.equal(net.seen[1], blank, 'the photo itself, unchanged');
  assert.deepEqual([embedder.aligned, embedder.unaligned], [1, 1]);
  embedder.dispose();
  assert.ok(net.disposed);
});

test('loadArcfaceAligned puts the network\'s variant after the alignment\'s', async () => {
  const net = Object.assign(new RecordingNet(), { variant: 'head-0123456789ab' });
  const embedder = await loadArcfaceAligned(async () => net, 112, 'named');
  assert.deepEqual([embedder.name, embedder.variant], ['named', 'arcface-aligned-pad0.25+head-0123456789ab']);
  embedder.dispose();
  assert.ok(net.disposed);
});
