export { DecompressionLimitError, sniffCompression, type LayerCompression } from './decompress.js';
export { cleanCreatedBy, describeLayers, layerHistory, type LayerHistory } from './history.js';
export { resolveSymlinkTarget } from './paths.js';
export {
  DEFAULT_IMAGE_READ_LIMITS,
  readImageFiles,
  SquashedFileSystem,
  type ImageFile,
  type ImageFiles,
  type ImageReadLimits,
  type ImageSymlink,
  type ReadImageFilesOptions,
} from './squash.js';
export {
  DEFAULT_LAYER_LIMITS,
  walkLayers,
  type ImageWarning,
  type LayerChange,
  type LayerFile,
  type LayerLimits,
  type LayerVisitor,
  type WalkOptions,
  type WalkResult,
} from './walk.js';
