export * from './archive/index.js';
export * from './layers/index.js';
export { ImageTimeoutError } from './deadline.js';
export { ImageIntegrityError } from './integrity.js';
export { DEFAULT_IMAGE_LIMITS, ImageLimitError, type ImageLimits } from './limits.js';
export type { ImageConfig, ImageHistoryEntry, ImageSource, LayerDescriptor, LayerRef } from './types.js';
