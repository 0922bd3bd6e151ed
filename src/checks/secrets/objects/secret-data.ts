/**
 * Decodes a Secret `data` (or ConfigMap `binaryData`) value as the API server does (Go's base64.StdEncoding via
 * encoding/json): standard alphabet, padding required, line breaks ignored. Undefined when the API would reject it.
 */
export function decodeSecretData(value: string): Buffer | undefined {
  const compact = value.replace(/[\r\n]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}

