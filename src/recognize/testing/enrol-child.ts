/**
 * A separate process enrolling into one gallery, for the concurrency test of the PostgreSQL
 * gallery: `node --import tsx enrol-child.ts <location> <tag> <people> <start-ms>`. It creates the
 * gallery if needed (racing the other processes doing the same), waits for the common start time
 * (epoch ms) so the processes' enrolments overlap, then enrols people 0..n-1 in order, each with two
 * photos every process shares and one of its own, and prints when it enrolled as JSON.
 */
import { openGallery } from '../open-gallery.js';
import { sample } from './gallery-contract.js';

const [location, tag, count, start] = process.argv.slice(2);
if (location === undefined || tag === undefined || count === undefined || start === undefined) throw new Error('usage: enrol-child.ts <location> <tag> <people> <start-ms>');
const gallery = await openGallery(location, { create: true, embedder: 'faceres' });
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(start) - Date.now())));
const began = Date.now();
try {
  for (let i = 0; i < Number(count); i++) {
    await gallery.enrol(`person-${String(i).padStart(3, '0')}`, [
      sample([1, i, 0], 'unmasked', `shared-a-${i}`),
      sample([0, 1, i], 'synthetic-masked', `shared-a-${i}`, 'faceres', 'surgical'),
      sample([i, 2, 1], 'unmasked', `own-${tag}-${i}`),
    ]);
  }
} finally {
  await gallery.close();
}
console.log(JSON.stringify({ tag, began, ended: Date.now() }));
