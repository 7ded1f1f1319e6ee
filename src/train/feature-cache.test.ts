import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, test } from 'node:test';
import { join } from 'node:path';
import { FeatureCache } from './feature-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'maskface-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the feature cache keeps vectors by photo hash, per backbone and preprocessing', async () => {
  const meta = { backbone: 'faceres', dimension: 3, preprocessing: 'letterbox160' };
  const cache = await FeatureCache.open(dir, meta);
  assert.equal(cache.size, 0);
  cache.set('abc', Float32Array.from([1, 2, 3]));
  cache.set('def', Float32Array.from([4, 5, 6]));
  await cache.save();
  assert.ok(existsSync(join(dir, '.cache', 'features-faceres-letterbox160.bin')));

  const again = await FeatureCache.open(dir, meta);
  assert.deepEqual(Array.from(again.get('def') ?? []), [4, 5, 6]);
  assert.equal(again.size, 2);
  const otherSize = await FeatureCache.open(dir, { ...meta, preprocessing: 'letterbox224' });
  assert.equal(otherSize.size, 0);
  const otherBackbone = await FeatureCache.open(dir, { ...meta, backbone: 'dlib-resnet34' });
  assert.equal(otherBackbone.get('abc'), undefined);
});
