export * from './archive/index.js';
export * from './layers/index.js';
export type { ImageConfig, ImageHistoryEntry, ImageSource, LayerDescriptor, LayerRef } from './types.js';
