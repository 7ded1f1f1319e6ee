import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as maskface from './index.js';

test('the public API exports one entry per pipeline stage', () => {
  for (const name of ['scanDataset', 'prepareDataset', 'letterbox', 'loadDetector', 'insertMask', 'smote', 'trainModel', 'evaluateModel', 'openSqliteGallery', 'openGallery', 'openPostgresGallery', 'recognizePhoto', 'buildApp'] as const) {
    assert.equal(typeof maskface[name], 'function', name);
  }
});
