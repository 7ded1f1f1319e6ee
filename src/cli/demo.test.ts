import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tally } from './demo.js';

test('the demo counts an answer right when it names the photo\'s folder, and lists those photos', () => {
  const lines = [
    '$ maskface recognize ...',
    'out/demo/held-out-masked/chenhe/0_0_1.png: unknown (score 0.525, threshold 0.595, no mask)',
    'out/demo/held-out-masked/tangyuzhe/0_0_2.png: tangyuzhe (score 0.644, threshold 0.595, masked)',
    'out/demo/held-out-masked/sunli/0_0_2.png: tangyuzhe (score 0.700, threshold 0.595, masked)',
    '3 photos, 3 faces in 4.0 s (1333 ms/photo)',
  ];
  assert.deepEqual(tally(lines), { right: ['out/demo/held-out-masked/tangyuzhe/0_0_2.png'], answered: 3 });
});
