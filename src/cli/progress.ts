import type { CliIo } from './io.js';
import type { CliValues } from './resolve-options.js';

const REDRAW_MS = 200;

/**
 * A progress line for long scans, redrawn in place on a terminal at most every 200 ms and cleared at the end, so a
 * whole-repository scan is not silent. Nothing when the output is not a terminal (CI logs) or with --quiet.
 */
export function fileProgress(io: CliIo, values: CliValues, clock: () => number = () => performance.now()): { onFiles?: (files: number) => void; done(): void } {
  if (!io.isTTY || values.quiet === true) return { done: () => undefined };
  const started = clock();
  let drawn = -REDRAW_MS;
  let shown = false;
  return {
    onFiles: (files) => {
      const now = clock();
      if (now - drawn < REDRAW_MS) return;
      drawn = now;
      shown = true;
      io.stderr(`\rrampart: ${files} ${files === 1 ? 'file' : 'files'} read, ${((now - started) / 1000).toFixed(1)} s`);
    },
    done: () => {
      // Erase the line, so the report starts on a clean one.
      if (shown) io.stderr('\r\u001b[K');
    },
  };
}
