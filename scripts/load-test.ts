/**
 * Load test of the HTTP service, loopback only and bounded in time (not part of `npm test`):
 *
 *   node --import tsx scripts/load-test.ts [--clients 50] [--seconds 60] [--requests 10000] [--max-seconds 900]
 *        [--url http://127.0.0.1:PORT] [--mix recognize=1,people=2,health=1,bad=1]
 *
 * Without --url it starts `maskface serve` on a free loopback port with a fresh gallery in a
 * temporary folder and enrols one RMFD person. `--clients` clients then send requests back to back
 * until at least `--seconds` have passed AND `--requests` requests are answered (or `--max-seconds`
 * runs out, which fails the run). Each client sends one kind of request, the kinds shared out by
 * `--mix` weights (50 clients, recognize=1,people=2,health=1,bad=1: 10 recognise, 20 list people,
 * 10 ask for health, 10 upload a text file), so the slow recognitions queue behind each other while
 * the cheap requests show whether the rest of the server stays responsive. Every request must get its expected status (`bad` uploads a text
 * file and expects 415). The server's own RSS, heap and live tensors are read from /metrics every
 * 1,000 requests. Exit status 0 only if no request failed and RSS stayed flat.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { percentile } from '../src/server/metrics.js';

const RMFD = resolve('../shared/datasets/rmfd-subset');
const MASKED_PHOTO = `${RMFD}/AFDB_masked_face_dataset/aidai/0_0_0.jpg`;
const UNMASKED_PHOTOS = ['0_0_aidai_0014.jpg', '0_0_aidai_0029.jpg', '0_0_aidai_0043.jpg'].map((f) => `${RMFD}/AFDB_face_dataset/aidai/${f}`);
const API_KEY = 'load-test-key-0001';
const SAMPLE_EVERY = 1000;
/** RSS may grow this much from its lowest sample after warm-up to the last one, in MiB. */
const RSS_FLAT_TOLERANCE_MIB = 64;
const WARMUP_REQUESTS = 2000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '60' },
    requests: { type: 'string', default: '10000' },
    'max-seconds': { type: 'string', default: '900' },
    url: { type: 'string' },
    mix: { type: 'string', default: 'recognize=1,people=2,health=1,bad=1' },
  },
});

type Kind = 'recognize' | 'people' | 'health' | 'bad';
interface Sample { requests: number; seconds: number; rssMiB: number; heapMiB: number; tensors: number }

function parseMix(spec: string): Kind[] {
  const kinds: Kind[] = [];
  for (const item of spec.split(',')) {
    const [kind, weight] = item.split('=');
    if (!['recognize', 'people', 'health', 'bad'].includes(kind ?? '')) throw new Error(`--mix: unknown request kind ${kind}`);
    for (let i = 0; i < Number(weight ?? 1); i++) kinds.push(kind as Kind);
  }
  return kinds;
}

async function startServer(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['bin/maskface.js', 'serve', '--port', '0', '--gallery', join(dir, 'gallery.db'), '--api-key', API_KEY], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const match = /listening on (http:\/\/\S+)/.exec(line);
    if (match?.[1] !== undefined) return { url: match[1], child };
  }
  throw new Error('maskface serve exited before listening');
}

async function main(): Promise<void> {
  const clients = Number(args.clients);
  const minSeconds = Number(args.seconds);
  const minRequests = Number(args.requests);
  const maxSeconds = Number(args['max-seconds']);
  const mix = parseMix(args.mix);
  const dir = await mkdtemp(join(tmpdir(), 'maskface-load-'));
  let server: { url: string; child?: ChildProcess };
  if (args.url !== undefined) {
    if (!LOOPBACK.has(new URL(args.url).hostname)) throw new Error(`--url must be a loopback address, received ${args.url}`);
    server = { url: args.url.replace(/\/$/, '') };
  } else {
    server = await startServer(dir);
  }
  try {
    const masked = new Blob([await readFile(MASKED_PHOTO)], { type: 'image/jpeg' });
    const unmasked = await Promise.all(UNMASKED_PHOTOS.map(async (p) => new Blob([await readFile(p)], { type: 'image/jpeg' })));
    const enrol = new FormData();
    enrol.append('name', 'Ai Dai');
    unmasked.forEach((b, i) => enrol.append('photos', b, `aidai-${i}.jpg`));
    const enrolled = await fetch(`${server.url}/people`, { method: 'POST', body: enrol, headers: { 'x-api-key': API_KEY } });
    if (enrolled.status !== 201) throw new Error(`enrolment failed: ${enrolled.status} ${await enrolled.text()}`);

    const notAnImage = new Blob(['this is not a photo'], { type: 'text/plain' });
    const send = async (kind: Kind): Promise<boolean> => {
      if (kind === 'people' || kind === 'health') {
        const r = await fetch(`${server.url}/${kind}`);
        await r.arrayBuffer();
        return r.status === 200;
      }
      const form = new FormData();
      form.append('photo', kind === 'bad' ? notAnImage : masked, kind === 'bad' ? 'notes.txt' : 'masked.jpg');
      const r = await fetch(`${server.url}/recognize`, { method: 'POST', body: form });
      const body = (await r.json()) as { faces?: Array<{ name: string }> };
      return kind === 'bad' ? r.status === 415 : r.status === 200 && Array.isArray(body.faces);
    };

    const latencies = new Map<Kind, number[]>(mix.map((k) => [k, []]));
    const failures = new Map<Kind, number>(mix.map((k) => [k, 0]));
    const samples: Sample[] = [];
    const started = performance.now();
    const elapsed = () => (performance.now() - started) / 1000;
    let issued = 0;
    let done = 0;
    let nextSample = SAMPLE_EVERY;
    const sample = async () => {
      const m = (await (await fetch(`${server.url}/metrics`)).json()) as { memory: { rssBytes: number; heapUsedBytes: number }; tensors: number };
      samples.push({ requests: done, seconds: Math.round(elapsed()), rssMiB: m.memory.rssBytes / 2 ** 20, heapMiB: m.memory.heapUsedBytes / 2 ** 20, tensors: m.tensors });
    };
    await sample();
    const client = async (_: unknown, index: number) => {
      const kind = mix[index % mix.length]!;
      while ((elapsed() < minSeconds || issued < minRequests) && elapsed() < maxSeconds) {
        issued += 1;
        const t0 = performance.now();
        let ok = false;
        try {
          ok = await send(kind);
        } catch (err) {
          console.error(`${kind}: ${(err as Error).message}`);
        }
        latencies.get(kind)!.push(performance.now() - t0);
        if (!ok) failures.set(kind, failures.get(kind)! + 1);
        done += 1;
        if (done >= nextSample) {
          nextSample += SAMPLE_EVERY;
          await sample();
        }
      }
    };
    await Promise.all(Array.from({ length: clients }, client));
    const seconds = elapsed();
    await sample();

    const perKind = [...latencies.keys()].map((k) => `${Array.from({ length: clients }, (_, i) => mix[i % mix.length]).filter((m) => m === k).length} ${k}`).join(', ');
    console.log(`\n${clients} clients (${perKind}), ${done} requests in ${seconds.toFixed(1)} s (${(done / seconds).toFixed(1)} requests/s), server ${server.url}\n`);
    console.log('| request | count | failed | p50 ms | p99 ms | max ms |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const [kind, list] of latencies) {
      const sorted = Float64Array.from(list).sort();
      console.log(`| ${kind} | ${list.length} | ${failures.get(kind)} | ${percentile(sorted, 0.5).toFixed(0)} | ${percentile(sorted, 0.99).toFixed(0)} | ${(sorted[sorted.length - 1] ?? 0).toFixed(0)} |`);
    }
    console.log('\n| after requests | at s | server RSS MiB | heap MiB | live tensors |');
    console.log('|---:|---:|---:|---:|---:|');
    for (const s of samples) console.log(`| ${s.requests} | ${s.seconds} | ${s.rssMiB.toFixed(1)} | ${s.heapMiB.toFixed(1)} | ${s.tensors} |`);

    const failed = [...failures.values()].reduce((a, b) => a + b, 0);
    const warm = samples.find((s) => s.requests >= WARMUP_REQUESTS) ?? samples[0]!;
    const last = samples[samples.length - 1]!;
    // Growth from the lowest RSS after warm-up to the end: a one-off drop (a late GC returning
    // start-up buffers) must not hide a steady climb after it.
    const floor = samples.filter((s) => s.requests >= warm.requests).reduce((min, s) => (s.rssMiB < min.rssMiB ? s : min), warm);
    const growth = last.rssMiB - floor.rssMiB;
    const complete = seconds >= minSeconds && done >= minRequests;
    console.log(`\nfailed requests: ${failed}`);
    console.log(`RSS after warm-up (${warm.requests} requests): ${warm.rssMiB.toFixed(1)} MiB, lowest ${floor.rssMiB.toFixed(1)} MiB (at ${floor.requests}), last ${last.rssMiB.toFixed(1)} MiB (at ${last.requests})`);
    console.log(`RSS growth from the lowest point to the end: +${growth.toFixed(1)} MiB (flat if under ${RSS_FLAT_TOLERANCE_MIB} MiB)`);
    console.log(`live tensors: ${warm.tensors} -> ${last.tensors}`);
    if (!complete) console.log(`INCOMPLETE: stopped by --max-seconds ${maxSeconds} before ${minSeconds} s and ${minRequests} requests`);
    process.exitCode = failed === 0 && growth < RSS_FLAT_TOLERANCE_MIB && complete && last.tensors <= warm.tensors ? 0 : 1;
  } finally {
    server.child?.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
