/** Builds small datasets on disk for tests: coloured photos of chosen sizes in RMFD layout. */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

export async function tempDir(prefix = 'maskface-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** A solid-colour JPEG or PNG whose colour encodes `seed`, so different seeds give different bytes. */
export async function photoBytes(width: number, height: number, seed: number, format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  const img = sharp({ create: { width, height, channels: 3, background: { r: (seed * 37) % 256, g: (seed * 91) % 256, b: (seed * 53 + 7) % 256 } } });
  return format === 'png' ? img.png().toBuffer() : img.jpeg().toBuffer();
}

export async function writeFileMkdir(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, data);
}

/** people: name -> [unmasked count, masked count]; photos are 120x80 (not square) PNGs. */
export async function makeRmfd(root: string, people: Record<string, [number, number]>): Promise<void> {
  let seed = 1;
  for (const [name, [unmasked, masked]] of Object.entries(people)) {
    for (let i = 0; i < unmasked; i++) await writeFileMkdir(join(root, 'AFDB_face_dataset', name, `${i}.png`), await photoBytes(120, 80, seed++));
    for (let i = 0; i < masked; i++) await writeFileMkdir(join(root, 'AFDB_masked_face_dataset', name, `m${i}.png`), await photoBytes(120, 80, seed++));
  }
}
