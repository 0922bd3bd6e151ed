export { applyVex, type VexResult, type VexWarning } from './apply.js';
export { parseVexDocument, VexError, type VexDocument, type VexStatement } from './parse.js';
