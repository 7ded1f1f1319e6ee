/**
 * The binary file of weights and checkpoints: "MFW1", a little-endian u32 header length, a JSON
 * header (caller's fields plus the arrays' names, shapes and offsets), zero padding to 4 bytes,
 * then every array as float32. Written atomically (temp file + rename).
 */
import { readFile } from 'node:fs/promises';
import { MaskfaceError } from '../errors.js';
import { writeFileAtomic } from '../image/io.js';

const MAGIC = 'MFW1';

export interface NamedArray {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

interface Header<T> {
  readonly meta: T;
  readonly arrays: readonly { readonly name: string; readonly shape: readonly number[]; readonly offset: number; readonly length: number }[];
}

export async function writeTensorFile<T>(path: string, meta: T, arrays: readonly NamedArray[]): Promise<void> {
  let offset = 0;
  const entries = arrays.map((a) => {
    const e = { name: a.name, shape: [...a.shape], offset, length: a.data.length };
    offset += a.data.length;
    return e;
  });
  const header = new TextEncoder().encode(JSON.stringify({ meta, arrays: entries } satisfies Header<T>));
  const start = Math.ceil((8 + header.length) / 4) * 4;
  const bytes = new Uint8Array(start + offset * 4);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(bytes.buffer).setUint32(4, header.length, true);
  bytes.set(header, 8);
  const floats = new Float32Array(bytes.buffer, start, offset);
  arrays.forEach((a, i) => floats.set(a.data, entries[i]?.offset ?? 0));
  await writeFileAtomic(path, bytes);
}

export async function readTensorFile<T>(path: string): Promise<{ meta: T; arrays: Map<string, NamedArray> }> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch {
    throw new MaskfaceError('MF_FILE_NOT_FOUND', `${path}: no such weights file. Train a model first (maskface train).`, { file: path });
  }
  const bad = (why: string): MaskfaceError => new MaskfaceError('MF_BAD_WEIGHTS', `${path}: not a maskface weights file (${why}). Train the model again.`, { file: path });
  if (buf.length < 8 || buf.toString('latin1', 0, 4) !== MAGIC) throw bad('no MFW1 signature');
  const headerLength = buf.readUInt32LE(4);
  let header: Header<T>;
  try {
    header = JSON.parse(buf.toString('utf8', 8, 8 + headerLength)) as Header<T>;
  } catch {
    throw bad('unreadable header');
  }
  const start = Math.ceil((8 + headerLength) / 4) * 4;
  const total = header.arrays.reduce((s, a) => s + a.length, 0);
  if (buf.length < start + total * 4) throw bad('truncated');
  const aligned = new Uint8Array(total * 4);
  aligned.set(buf.subarray(start, start + total * 4));
  const floats = new Float32Array(aligned.buffer);
  const arrays = new Map<string, NamedArray>();
  for (const a of header.arrays) arrays.set(a.name, { name: a.name, shape: a.shape, data: floats.subarray(a.offset, a.offset + a.length) });
  return { meta: header.meta, arrays };
}
