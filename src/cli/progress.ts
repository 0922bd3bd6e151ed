import { formatBytes } from '../core/bytes.js';
import type { GitHistoryProgress } from '../checks/secrets/history/history.js';
import type { LayerProgress } from '../sources/image/open-image.js';
import type { CliIo } from './io.js';
import type { CliValues } from './resolve-options.js';

const REDRAW_MS = 200;

/** One status line, redrawn in place. */
export interface ProgressLine {
  /** Draws `text` with the time elapsed, at most every 200 ms unless `force` (a state worth showing at once). */
  show(text: string, force?: boolean): void;
  /** Erases the line, so a log line or the report starts on a clean one; the next `show` draws it again. */
  clear(): void;
}

/**
 * The progress line of long work (scans, history walks, image pulls, database downloads), so it is not silent on a
 * terminal. `undefined` when the output is not a terminal (CI logs would fill with carriage returns) or with --quiet:
 * callers then pass no hook to the library at all.
 */
export function progressLine(io: CliIo, values: CliValues, clock: () => number = () => performance.now()): ProgressLine | undefined {
  if (!io.isTTY || values.quiet === true) return undefined;
  const started = clock();
  let drawn = -REDRAW_MS;
  let shown = false;
  return {
    show: (text, force = false) => {
      const now = clock();
      if (!force && now - drawn < REDRAW_MS) return;
      drawn = now;
      io.stderr(`${shown ? '\r\u001b[K' : '\r'}rampart: ${text}, ${((now - started) / 1000).toFixed(1)} s`);
      shown = true;
    },
    clear: () => {
      if (shown) io.stderr('\r\u001b[K');
      shown = false;
    },
  };
}

const plural = (count: number, word: string) => `${count} ${count === 1 ? word : `${word}s`}`;

/** `scan` and `secrets PATH`: files and bytes read so far. */
export function fileProgress(io: CliIo, values: CliValues, clock?: () => number): { onFiles?: (files: number, bytes: number) => void; done(): void } {
  const line = progressLine(io, values, clock);
  if (!line) return { done: () => undefined };
  return { onFiles: (files, bytes) => line.show(`${plural(files, 'file')} read (${formatBytes(bytes)})`), done: line.clear };
}

/** `secrets --git`: commits walked, files read and their size, secrets found. */
export function historyProgress(io: CliIo, values: CliValues, clock?: () => number): { onProgress?: (progress: GitHistoryProgress) => void; done(): void } {
  const line = progressLine(io, values, clock);
  if (!line) return { done: () => undefined };
  return {
    onProgress: (p) => line.show(`${plural(p.commits, 'commit')}, ${plural(p.blobsScanned, 'file')} read (${formatBytes(p.bytes)}), ${plural(p.hits, 'secret')} found`),
    done: line.clear,
  };
}

/** `image` and `secrets --image`: layers read of the image's, and bytes against the layers' stored size. */
export function layerProgress(io: CliIo, values: CliValues, clock?: () => number): { onLayer?: (progress: LayerProgress) => void; done(): void } {
  const line = progressLine(io, values, clock);
  if (!line) return { done: () => undefined };
  return {
    onLayer: (p) => line.show(`${p.done} of ${plural(p.total, 'layer')} read, ${formatBytes(p.bytes)} of ${formatBytes(p.totalBytes)}`, p.done === p.total),
    done: line.clear,
  };
}
