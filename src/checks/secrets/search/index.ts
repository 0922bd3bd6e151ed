export { scanSecrets, type SecretScanOptions } from './scan.js';
export { allowDirectivesOf, allowDirectiveFor } from './allow-directives.js';
export { redactSecret, secretHash } from './redact.js';
export { looksBinary, decodeText } from '../../../sources/binary.js';
export { shannonEntropy } from './entropy.js';
export { isPlaceholder } from './placeholders.js';
