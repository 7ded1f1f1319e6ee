import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readManifest, writeManifest, type ManifestEntry } from '../data/manifest.js';
import { decodeImage, writeImage } from '../image/io.js';
import { balanceDatasetFolder } from './folder.js';
import { createRng } from './random.js';
import { BALANCE_REPORT_FILE, type BalancedEntry } from './write.js';

const SIZE = 8;
/** SMOTE photos are written as PNG: lossless, so pixels come back exactly. */
const PNG_TOLERANCE_LEVELS = 0;

// Person a: 4 unmasked + 1 masked; b: 4 unmasked + 4 masked; c: 4 unmasked + 3 masked.
const PLAN: [string, 'masked' | 'unmasked', number][] = [
  ['a', 'unmasked', 4], ['a', 'masked', 1], ['b', 'unmasked', 4], ['b', 'masked', 4], ['c', 'unmasked', 4], ['c', 'masked', 3],
];

async function makePrepared(dir: string): Promise<ManifestEntry[]> {
  const rng = createRng(3);
  const entries: ManifestEntry[] = [];
  for (const [person, group, count] of PLAN) {
    for (let i = 0; i < count; i++) {
      const output = join(group === 'masked' ? 'AFDB_masked_face_dataset' : 'AFDB_face_dataset', person, `${person}_${group}_${i}.png`);
      await writeImage(join(dir, output), { width: SIZE, height: SIZE, data: Uint8Array.from({ length: SIZE * SIZE * 3 }, () => rng.int(256)) });
      entries.push({ person, group, source: `/data/${output}`, output, hash: `h${entries.length}`, width: SIZE, height: SIZE, split: i === 0 && count > 1 ? 'test' : 'train' });
    }
  }
  await writeManifest(dir, { version: 1, size: SIZE, seed: 1, testFraction: 0.2, sourceRoot: '/data', createdAt: new Date(0).toISOString(), entries });
  return entries;
}

test('balance writes a readable prepared dataset: leak-free per-group SMOTE, parents named, no test photo used', async () => {
  const root = await mkdtemp(join(tmpdir(), 'maskface-balance-'));
  try {
    const src = join(root, 'prepared');
    const out = join(root, 'balanced');
    const input = await makePrepared(src);
    const summary = await balanceDatasetFolder(src, out, { method: 'smote', protocol: 'leak-free', perGroup: true, k: 1, smallClass: 'shrink' });
    assert.equal(summary.protocol, 'leak-free');
    // Training: unmasked 3 each (already equal); masked a 1, b 3, c 2 -> raised to 3: a gets two
    // copies of its lone photo (k shrinks to 0), c one SMOTE photo (k shrinks to 1).
    assert.deepEqual(summary.after.masked, { persons: 3, photos: 9, min: 3, max: 3 });
    assert.deepEqual(summary.after.unmasked, { persons: 3, photos: 9, min: 3, max: 3 });
    assert.equal(summary.synthetic, 3);

    const manifest = await readManifest(out);
    const report = JSON.parse(await readFile(join(out, BALANCE_REPORT_FILE), 'utf8')) as { protocol: string };
    assert.equal(report.protocol, 'leak-free');
    const testOutputs = new Set(input.filter((e) => e.split === 'test').map((e) => e.output));
    assert.deepEqual(new Set(manifest.entries.filter((e) => e.split === 'test').map((e) => e.output)), testOutputs, 'the manifest split is kept');
    const raw = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { entries: BalancedEntry[] };
    const made = raw.entries.filter((e) => e.derivedFrom !== undefined);
    assert.equal(made.length, 3);
    assert.equal(made.filter((e) => e.derivedFrom!.parents[0] !== e.derivedFrom!.parents[1]).length, 1, 'one interpolated photo');
    for (const e of made) {
      const [pa, pb] = e.derivedFrom!.parents;
      assert.ok(!testOutputs.has(pa) && !testOutputs.has(pb), 'no synthetic photo comes from a test photo');
      assert.equal(e.split, 'train');
      assert.equal(e.group, 'masked');
      const name = (p: string): string => p.split('/').pop()!.replace('.png', '');
      assert.ok(e.output.includes(name(pa)) && e.output.includes(name(pb)), `${e.output} names its parents`);
      // The written PNG is a + gap (b - a), rounded.
      const [img, a, b] = await Promise.all([decodeImage(join(out, e.output)), decodeImage(join(src, pa)), decodeImage(join(src, pb))]);
      img.data.forEach((v, t) => {
        const expected = Math.round((a.data[t] as number) + e.derivedFrom!.gap * ((b.data[t] as number) - (a.data[t] as number)));
        assert.ok(Math.abs(v - expected) <= PNG_TOLERANCE_LEVELS);
      });
    }
    for (const e of manifest.entries) await stat(join(out, e.output));

    // Writing again into the same folder with another method replaces it, leaving no stale photo.
    const again = await balanceDatasetFolder(src, out, { method: 'undersample', protocol: 'paper' });
    assert.equal(again.protocol, 'paper');
    const after = await readManifest(out);
    assert.equal(after.entries.length, again.after.all?.photos);
    for (const e of made) await assert.rejects(stat(join(out, e.output)), 'the old synthetic photos are gone');
    await assert.rejects(balanceDatasetFolder(src, src, { method: 'none', protocol: 'paper' }), { code: 'MF_INVALID_ARGUMENT' });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
