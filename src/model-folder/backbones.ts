/** The frozen face backbones the head can train on (issues 6 and 15), by name. */
import { loadArcfaceAligned } from '../face/arcface-aligned.js';
import { MaskfaceError } from '../errors.js';
import type { Embedder } from '../models/types.js';
import { ARCFACE_MOBILEFACENET_DIMENSION, ARCFACE_MOBILEFACENET_INPUT_SIZE, ARCFACE_MOBILEFACENET_NAME, load as loadArcfaceMobilefacenet } from '../models/arcface-mobilefacenet/index.js';
import { DLIB_RESNET34_DIMENSION, DLIB_RESNET34_NAME, load as loadDlib } from '../models/dlib-resnet34/index.js';
import { FACERES_DIMENSION, FACERES_NAME, load as loadFaceres } from '../models/faceres/index.js';
import { MOBILEFACE_DIMENSION, MOBILEFACE_INPUT_SIZE, MOBILEFACE_NAME, load as loadMobileface } from '../models/mobileface/index.js';
import { MOBILEFACE_TUNED_NAME, load as loadMobilefaceTuned } from '../models/mobileface-tuned/index.js';

/** What the head sits on: VGG16 (the paper, its blocks 4-5 fine-tuned) or one of the frozen backbones below. */
export const BACKBONES = ['vgg16', 'faceres', 'dlib-resnet34', 'mobileface', 'mobileface-tuned', 'arcface-mobilefacenet'] as const;
export type Backbone = (typeof BACKBONES)[number];

export const BACKBONE_DIMENSIONS = {
  [FACERES_NAME]: FACERES_DIMENSION,
  [DLIB_RESNET34_NAME]: DLIB_RESNET34_DIMENSION,
  [MOBILEFACE_NAME]: MOBILEFACE_DIMENSION,
  [MOBILEFACE_TUNED_NAME]: MOBILEFACE_DIMENSION,
  [ARCFACE_MOBILEFACENET_NAME]: ARCFACE_MOBILEFACENET_DIMENSION,
} as const;
export type BackboneName = keyof typeof BACKBONE_DIMENSIONS;

export const isBackboneName = (name: string): name is BackboneName => Object.hasOwn(BACKBONE_DIMENSIONS, name);

/**
 * Loads a backbone's embedder from its npm package's files (never the network). MobileFace, its
 * fit-backbone layer and arcface-mobilefacenet were trained on ArcFace-aligned chips, so they get each photo through
 * RetinaFace's five-point alignment (the crop as it is when no face is found on it).
 */
export async function loadBackbone(name: BackboneName): Promise<Embedder> {
  switch (name) {
    case FACERES_NAME:
      return loadFaceres();
    case DLIB_RESNET34_NAME:
      return loadDlib();
    case MOBILEFACE_NAME:
      return loadArcfaceAligned(() => loadMobileface(), MOBILEFACE_INPUT_SIZE);
    case MOBILEFACE_TUNED_NAME:
      return loadArcfaceAligned(() => loadMobilefaceTuned(), MOBILEFACE_INPUT_SIZE);
    case ARCFACE_MOBILEFACENET_NAME:
      return loadArcfaceAligned(() => loadArcfaceMobilefacenet(), ARCFACE_MOBILEFACENET_INPUT_SIZE);
  }
}

/**
 * Loads the backbone a model folder was trained on. A backbone with a replaceable weights file (the
 * fit-backbone layer) must be the one the model recorded: other weights give other features, and the
 * head would answer confidently and wrongly. Models recorded before variants were kept load as they are.
 */
export async function loadModelBackbone(name: BackboneName, recorded: string | undefined, modelDir: string): Promise<Embedder> {
  const embedder = await loadBackbone(name);
  if (recorded !== undefined && embedder.variant !== undefined && recorded !== embedder.variant) {
    embedder.dispose();
    throw new MaskfaceError(
      'MF_BAD_WEIGHTS',
      `${modelDir}: trained on ${name} features ${recorded}, but the ${name} in place gives ${embedder.variant} (a replaced weights file). Put back the weights the model was trained with, or train the model again with \`maskface train\`.`,
      { file: modelDir },
    );
  }
  return embedder;
}
