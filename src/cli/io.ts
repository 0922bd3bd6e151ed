import type { CliEnvironment } from './resolve-options.js';

/** Where a command reads and writes: the process, or a test's buffers. */
export interface CliIo extends CliEnvironment {
  stdout(text: string): void;
  stderr(text: string): void;
  isTTY: boolean;
  /** The terminal's width when standard output is one (tables fit to it, unless --wide). */
  columns?: number;
}
