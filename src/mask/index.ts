export { insertMask, renderMask, compositeMask, type MaskLayer } from './insert-mask.js';
export { MASK_TYPES, MASK_PATTERNS, DEFAULT_COLOR, MaskOptionsSchema, resolveMaskOptions, type MaskOptions, type MaskType, type MaskPattern, type ResolvedMaskOptions, type FitVariation } from './options.js';
export { NAMED_COLORS, parseColor, type Rgb } from './colors.js';
export { fitMask, type MaskGeometry } from './geometry.js';

export { contactSheet, squareTile, type ContactSheetOptions } from './contact-sheet.js';
export { maskDataset, photoSeed, type MaskDatasetOptions, type MaskDatasetReport, type MaskedPhoto } from './mask-dataset.js';
export { maskPhoto, type MaskPhotoOptions, type MaskedPhotoResult } from './mask-photo.js';
