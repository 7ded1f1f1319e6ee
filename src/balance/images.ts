/**
 * New photo rows as images, so a person can look at what SMOTE made (issue 5): each row of a
 * `SyntheticRows` of 8-bit RGB photos is written with `writeImage` (PNG unless the name ends .jpg).
 */
import { join } from 'node:path';
import { invalidArgument } from '../errors.js';
import { writeImage } from '../image/io.js';
import type { RgbImage } from '../image/types.js';
import type { SyntheticRows } from './types.js';

/** Row j as a width x height RGB photo (a view: no copy). */
export function syntheticImage(rows: SyntheticRows<Uint8Array>, j: number, width: number, height: number): RgbImage {
  if (rows.rowLength !== width * height * 3) throw invalidArgument('photo size', `width x height x 3 = ${rows.rowLength} values a row`, `${width}x${height}`);
  if (!(j >= 0 && j < rows.count)) throw invalidArgument('synthetic row', `an index in [0, ${rows.count})`, j);
  return { width, height, data: rows.data.subarray(j * rows.rowLength, (j + 1) * rows.rowLength) };
}

/** Default name: the row, its class and both parents, e.g. `smote-12-class3-from-40+41.png`. */
export function syntheticName(rows: SyntheticRows, j: number): string {
  return `smote-${j}-class${rows.labels[j]}-from-${rows.parents[2 * j]}+${rows.parents[2 * j + 1]}.png`;
}

/** Writes every new row under `dir`; returns the paths written, in row order. */
export async function writeSyntheticImages(
  rows: SyntheticRows<Uint8Array>,
  width: number,
  height: number,
  dir: string,
  nameOf: (j: number) => string = (j) => syntheticName(rows, j),
): Promise<string[]> {
  const paths: string[] = [];
  for (let j = 0; j < rows.count; j++) {
    const path = join(dir, nameOf(j));
    await writeImage(path, syntheticImage(rows, j, width, height));
    paths.push(path);
  }
  return paths;
}
