/**
 * Photo filters of `prepare`: each looks at one decoded photo and keeps it (optionally cropped to a
 * box) or excludes it with a reason. The face-detector check (paper 3.1.2, MTCNN) is one of them.
 */
import type { Box, RgbImage } from '../image/types.js';
import type { Group } from './layout.js';

export interface PhotoInfo {
  readonly person: string;
  readonly group: Group;
  readonly source: string;
}

export type FilterVerdict = { readonly keep: true; readonly crop?: Box } | { readonly keep: false; readonly reason: string };

export interface PhotoFilter {
  readonly name: string;
  check(image: RgbImage, photo: PhotoInfo): Promise<FilterVerdict>;
  dispose?(): void;
}
