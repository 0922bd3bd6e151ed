export type RegistryErrorCode =
  | 'not-found'
  | 'unauthorized'
  | 'denied'
  | 'timeout'
  | 'network'
  | 'unsupported'
  | 'invalid-argument'
  | 'invalid-response'
  | 'too-large'
  | 'no-platform'
  | 'http';

/** Every failure of the registry client, with a message meant for the user as is. */
export class RegistryError extends Error {
  readonly code: RegistryErrorCode;

  constructor(code: RegistryErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RegistryError';
    this.code = code;
  }
}
