/**
 * How the gallery scales: enrolment rate and identification latency (vector search only: the
 * worker's in-memory `GalleryIndex`, after warm-up) at 1k / 10k / 100k people, for the SQLite file
 * and for PostgreSQL, with synthetic unit vectors. docs/scale.md quotes its tables.
 *
 *   node --import tsx bench/scale-gallery.ts [--sizes 1000,10000,100000] [--samples 9] [--dimension 128]
 *     [--stores sqlite,postgres] [--postgres postgres://postgres@127.0.0.1:5432/test] [--probes 30]
 *     [--concurrency 4] [--no-old]
 *
 * The gallery grows step by step (enrolments of the next size add to the previous ones); after each
 * step it is read back (`Gallery.embeddings`), indexed, and probed. `--samples 9` is one enrolment
 * photo plus its 8 synthetic masks; `--dimension 2176` is the default encoder's vector. The old
 * column times the index as it was before the contiguous matrix (a map of per-person arrays and
 * `pooledScore`), on the same probes, and checks it names the same people with the same scores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { EnrolmentSample, Gallery, GalleryEmbedding } from '../src/recognize/gallery.js';
import { openGallery } from '../src/recognize/open-gallery.js';
import { GalleryIndex, pooledScore } from '../src/recognize/open-set.js';
import { l2Normalize } from '../src/methods/similarity.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    samples: { type: 'string', default: '9' },
    dimension: { type: 'string', default: '128' },
    stores: { type: 'string', default: 'sqlite,postgres' },
    postgres: { type: 'string', default: process.env.MASKFACE_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test' },
    probes: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '4' },
    'no-old': { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map(Number);
const samplesPerPerson = Number(values.samples);
const dimension = Number(values.dimension);
const probes = Number(values.probes);
/** Probes run before timing, so the JIT has compiled the scan. */
const WARM_UP_PROBES = 5;
/** The old index is slow at 100k people: this many probes are enough for its median. */
const OLD_PROBES = 5;
const THRESHOLD = 0.5;

let seed = 20240601;
/** Standard normal numbers (Box-Muller on a Park-Miller generator): directions uniform on the sphere. */
function gaussian(): number {
  seed = (seed * 48271) % 2147483647;
  const u = seed / 2147483647;
  seed = (seed * 48271) % 2147483647;
  const v = seed / 2147483647;
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
const unitVector = (): Float32Array => l2Normalize(Float32Array.from({ length: dimension }, gaussian));

function personSamples(person: number): EnrolmentSample[] {
  return Array.from({ length: samplesPerPerson }, (_, k) => ({
    embedder: 'synthetic', vector: unitVector(), sourceHash: `photo-${person}`, source: `photo-${person}.jpg`,
    kind: k === 0 ? 'unmasked' : 'synthetic-masked', ...(k === 0 ? {} : { mask: `mask-${k}` }),
  }));
}

/** The index before the contiguous matrix, for the old column and as a check. */
function oldIdentify(byPerson: Map<string, Float32Array[]>, probe: Float32Array): { name: string; score: number } {
  const unit = l2Normalize(probe);
  const ranked = [...byPerson].map(([name, vectors]) => ({ name, score: pooledScore(unit, vectors) })).sort((a, b) => b.score - a.score);
  return ranked[0]!;
}

const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

interface Row {
  store: string; people: number; kernel: string; enrolPerSecond: number; loadSeconds: number; matrixMb: number;
  medianMs: number; p95Ms: number; oldMedianMs: number | undefined;
  /** The machine's 1-minute load average when the probes ran. */
  load: number;
}

async function enrolRange(gallery: Gallery, from: number, to: number, concurrency: number): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < to) {
      const person = next++;
      await gallery.enrol(`person-${String(person).padStart(6, '0')}`, personSamples(person));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function measure(store: string, location: string): Promise<Row[]> {
  const gallery = await openGallery(location, { create: true, embedder: 'synthetic' });
  const rows: Row[] = [];
  let enrolled = 0;
  try {
    for (const size of sizes) {
      let started = performance.now();
      await enrolRange(gallery, enrolled, size, store === 'postgres' ? Number(values.concurrency) : 1);
      const enrolPerSecond = (size - enrolled) / ((performance.now() - started) / 1000);
      enrolled = size;
      started = performance.now();
      const embeddings: GalleryEmbedding[] = await gallery.embeddings('synthetic');
      const index = new GalleryIndex(embeddings);
      const loadSeconds = (performance.now() - started) / 1000;
      const probeVectors = Array.from({ length: WARM_UP_PROBES + probes }, unitVector);
      const times: number[] = [];
      for (const [i, probe] of probeVectors.entries()) {
        const t = performance.now();
        index.identify(probe, THRESHOLD);
        if (i >= WARM_UP_PROBES) times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      let oldMedianMs: number | undefined;
      if (!values['no-old']) {
        const byPerson = new Map<string, Float32Array[]>();
        for (const e of embeddings) byPerson.set(e.person, [...(byPerson.get(e.person) ?? []), e.vector]);
        const oldTimes: number[] = [];
        for (const probe of probeVectors.slice(0, OLD_PROBES + 1)) {
          const t = performance.now();
          const old = oldIdentify(byPerson, probe);
          oldTimes.push(performance.now() - t);
          const now = index.identify(probe, THRESHOLD);
          if (old.name !== now.candidates[0]?.name || old.score !== now.score) throw new Error(`the index disagrees with the old one at ${size} people`);
        }
        oldMedianMs = quantile(oldTimes.slice(1).sort((a, b) => a - b), 0.5);
      }
      const row: Row = {
        store, people: size, kernel: index.kernel, enrolPerSecond, loadSeconds, matrixMb: (embeddings.length * dimension * 4) / 2 ** 20,
        medianMs: quantile(times, 0.5), p95Ms: quantile(times, 0.95), oldMedianMs, load: loadavg()[0]!,
      };
      console.error(`${store} ${size}: ${JSON.stringify(row)}`);
      rows.push(row);
    }
  } finally {
    await gallery.close();
  }
  return rows;
}

const dir = mkdtempSync(join(tmpdir(), 'maskface-scale-'));
const schema = `bench_scale_${process.pid}`;
const rows: Row[] = [];
const loadBefore = loadavg()[0]!;
try {
  for (const store of values.stores.split(',')) {
    if (store === 'sqlite') rows.push(...(await measure(store, join(dir, 'scale.db'))));
    else if (store === 'postgres') {
      const url = new URL(values.postgres);
      url.searchParams.set('gallery', schema);
      rows.push(...(await measure(store, url.toString())));
    } else throw new Error(`--stores: unknown store ${store} (sqlite, postgres)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  if (values.stores.includes('postgres')) {
    const admin = new pg.Client({ connectionString: values.postgres });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}

console.log(`\n${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, load average ${loadBefore.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end`);
console.log(`${samplesPerPerson} samples per person, ${dimension}-D float32 unit vectors, ${probes} probes after ${WARM_UP_PROBES} warm-up, threshold ${THRESHOLD}\n`);
console.log('| store | people | enrolments/s | read + index (s) | matrix (MiB) | scan | identify median (ms) | p95 (ms) | old index median (ms) | load |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.store} | ${r.people.toLocaleString('en')} | ${r.enrolPerSecond.toFixed(0)} | ${r.loadSeconds.toFixed(2)} | ${r.matrixMb.toFixed(0)} | ${r.kernel} | ${r.medianMs.toFixed(1)} | ${r.p95Ms.toFixed(1)} | ${r.oldMedianMs?.toFixed(1) ?? '-'} | ${r.load.toFixed(1)} |`);
}
