import type { CliEnvironment } from './resolve-options.js';

/** Where a command reads and writes: the process, or a test's buffers. */
export interface CliIo extends CliEnvironment {
  stdout(text: string): void;
  stderr(text: string): void;
  isTTY: boolean;
}
