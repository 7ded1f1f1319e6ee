/**
 * maskface's public API: one import for each stage of the pipeline (see README's table), in the
 * order of the paper's method. Commands in src/cli/ are thin wrappers over these.
 */
export { MaskfaceError, isMaskfaceError, type ErrorCode } from './errors.js';
export { getTf } from './engine/tf.js';

// Images
export type { Box, RgbImage } from './image/types.js';
export { decodeImage, encodeImage, writeImage, writeFileAtomic } from './image/io.js';
export { letterbox } from './image/letterbox.js';
export { augmentBatch, augmentImage, resolveAugmentParams, type AugmentParams, type AugmentParamsInput } from './image/augment.js';
export { drawDetections } from './image/draw.js';

// Dataset (paper 3.1)
export { scanDataset, type Dataset, type Group, type PersonPhotos, type ScanOptions } from './data/layout.js';
export { datasetStats, formatStatsTable, type DatasetStats } from './data/stats.js';
export { prepareDataset, type PrepareOptions, type PrepareReport } from './data/prepare.js';
export type { PhotoFilter, FilterVerdict } from './data/filters.js';
export { readManifest, type Manifest, type ManifestEntry } from './data/manifest.js';
export { stratifiedSplit } from './data/split.js';

// Faces, landmarks, masks
export * from './face/index.js';
export { load as loadLandmarks68, findFacesWithLandmarks, type Landmarks68Model } from './face/landmarks68/index.js';
export { insertMask, maskDataset, maskPhoto, MASK_TYPES, type MaskOptions, type MaskType } from './mask/index.js';

// Balancing (paper 3.1.3)
export { balance, undersample, oversample, smote, applyProtocol, createRng, type BalanceMethod, type Protocol } from './balance/index.js';

// Models and training (paper 3.2-3.3)
export type { Embedder } from './models/types.js';
export { load as loadFaceres } from './models/faceres/index.js';
export { load as loadDlibResnet34 } from './models/dlib-resnet34/index.js';
export { trainModel, type TrainResult } from './train/train-model.js';
export { evaluateModel, type EvaluationReport } from './train/evaluate.js';
export { resolveTrainOptions, type TrainOptions, type TrainOptionsInput } from './train/options.js';

// Experiments (paper 4)
export { computeMetrics, confusionMatrix, macroF1, type Metrics } from './eval/metrics.js';

// Recognition, gallery, open set
export type { Gallery, GalleryChange, PersonSummary } from './recognize/gallery.js';
export { openGallery, type OpenGalleryOptions } from './recognize/open-gallery.js';
export { openSqliteGallery } from './recognize/sqlite-gallery.js';
export { openPostgresGallery } from './recognize/gallery-store/postgres-gallery.js';
export { GalleryWatch } from './recognize/gallery-watch.js';
export { openGallerySession } from './recognize/session.js';
export { enrolPerson } from './recognize/enrol.js';
export { openRecognizer } from './recognize/open-recognizer.js';
export { recognizePhoto } from './recognize/recognize-photo.js';
export { recognizeMedia } from './recognize/recognize-media.js';
export { GalleryRecognizer, type Recognizer } from './recognize/recognizer.js';

// HTTP service
export { buildApp } from './server/app.js';
