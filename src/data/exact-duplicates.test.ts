import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutExactDuplicates } from './exact-duplicates.js';

test('withoutExactDuplicates drops every copy shared by two people and later copies within one person', () => {
  const items = [
    { hash: 'a', person: 'p', id: 1 },
    { hash: 'b', person: 'p', id: 2 },
    { hash: 'b', person: 'p', id: 3 },
    { hash: 'c', person: 'p', id: 4 },
    { hash: 'c', person: 'q', id: 5 },
    { hash: 'd', person: 'q', id: 6 },
  ];
  assert.deepEqual(withoutExactDuplicates(items).map((i) => i.id), [1, 2, 6]);
});
