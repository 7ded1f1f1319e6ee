/**
 * For the crash test only: enrols people into a gallery without end, each in one large transaction
 * of <samples-per-person> samples, printing `committed <n> in <ms> ms` after each, until the parent kills it.
 */
import { openSqliteGallery } from '../../recognize/sqlite-gallery.js';

const DIMENSION = 1024;
const [path, count] = process.argv.slice(2);
if (path === undefined || count === undefined) throw new Error('usage: enrol-forever.ts <gallery.db> <samples-per-person>');
const SAMPLES_PER_PERSON = Number(count);

const gallery = openSqliteGallery(path, { create: true, embedder: 'faceres' });
const vector = Float32Array.from({ length: DIMENSION }, (_, i) => Math.sin(i + 1));
for (let n = 1; ; n++) {
  const samples = Array.from({ length: SAMPLES_PER_PERSON }, (_, i) => ({
    embedder: 'faceres', vector, sourceHash: `p${n}-s${i}`, source: `p${n}-s${i}.jpg`, kind: 'unmasked' as const,
  }));
  const started = performance.now();
  await gallery.enrol(`Person ${n}`, samples);
  console.log(`committed ${n} in ${Math.round(performance.now() - started)} ms`);
}
