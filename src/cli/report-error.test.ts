import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MaskfaceError } from '../errors.js';
import { errorLine, toMaskfaceError } from './report-error.js';

/** Longest line the reporter prints, in bytes: one line a person reads (issue 25 saw 39 KB of minified tfjs). */
const MAX_LINE_BYTES = 2048;

test('a catalogue error is printed as is, with its code', () => {
  assert.equal(errorLine(new MaskfaceError('MF_NO_FACE', 'a.jpg: no face found.')), 'maskface: a.jpg: no face found. [MF_NO_FACE]');
});

test('file-system errors name the path and what is wrong', () => {
  const sys = (code: string, syscall: string, path: string) => Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });
  assert.equal(toMaskfaceError(sys('EISDIR', 'read', '/a/dir')).code, 'MF_NOT_A_FILE');
  assert.equal(toMaskfaceError(sys('ENOENT', 'open', '/a/x.jpg')).code, 'MF_FILE_NOT_FOUND');
  assert.equal(toMaskfaceError(sys('ENOTDIR', 'mkdir', '/a/file/x')).code, 'MF_NOT_A_DIRECTORY');
  assert.equal(toMaskfaceError(sys('EROFS', 'mkdir', '/ro/x')).code, 'MF_NOT_WRITABLE');
  assert.equal(toMaskfaceError(sys('EACCES', 'open', '/root/x')).code, 'MF_PERMISSION_DENIED');
  const full = errorLine(sys('ENOSPC', 'write', '/full/x.png'));
  assert.match(full, /^maskface: \/full\/x\.png: no space left on the device\..* \[MF_NO_SPACE\]$/);
});

test('an unexpected error is one short MF_INTERNAL line, even a 40 KB minified one', () => {
  const minified = new Error(`${'var a=function(){'.repeat(2400)}\nmore`);
  const line = errorLine(minified);
  assert.match(line, /^maskface: unexpected error: Error: var a=.*\[MF_INTERNAL\]$/);
  assert.ok(Buffer.byteLength(line) < MAX_LINE_BYTES, `${Buffer.byteLength(line)} bytes`);
  assert.ok(!line.includes('\n'));
});
