/** The frozen face backbones the head can train on (issue 6), by name. */
import type { Embedder } from '../models/types.js';
import { DLIB_RESNET34_DIMENSION, DLIB_RESNET34_NAME, load as loadDlib } from '../models/dlib-resnet34/index.js';
import { FACERES_DIMENSION, FACERES_NAME, load as loadFaceres } from '../models/faceres/index.js';

/** What the head sits on: VGG16 (the paper, its blocks 4-5 fine-tuned) or one of the frozen backbones below. */
export const BACKBONES = ['vgg16', 'faceres', 'dlib-resnet34'] as const;
export type Backbone = (typeof BACKBONES)[number];

export const BACKBONE_DIMENSIONS = { [FACERES_NAME]: FACERES_DIMENSION, [DLIB_RESNET34_NAME]: DLIB_RESNET34_DIMENSION } as const;
export type BackboneName = keyof typeof BACKBONE_DIMENSIONS;

export const isBackboneName = (name: string): name is BackboneName => Object.hasOwn(BACKBONE_DIMENSIONS, name);

/** Loads a backbone's embedder from its npm package's files (never the network). */
export async function loadBackbone(name: BackboneName): Promise<Embedder> {
  return name === FACERES_NAME ? loadFaceres() : loadDlib();
}
