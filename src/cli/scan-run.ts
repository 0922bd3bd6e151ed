import type { ScanPhase } from '../pipeline/scan.js';
import type { CliIo } from './io.js';
import { parseTimeout, type CliValues } from './resolve-options.js';

import { ScanTimeoutError } from './errors.js';

export type RunPhase = ScanPhase | 'config' | 'output';

/**
 * What the command line adds around one scan: `--timeout` for the whole of it (the scan is aborted at its next entry
 * and its sources closed) and `--debug`'s timings per phase on standard error. The library only reports phases.
 */
export interface ScanRun {
  /** For the scan's options: `onPhase` with `--debug`, `signal` with `--timeout`. */
  hooks: { onPhase?: (phase: ScanPhase, ms: number) => void; signal?: AbortSignal };
  /** The scan's result, or ScanTimeoutError once `--timeout` has passed. */
  within<T>(work: Promise<T>): Promise<T>;
  /** A phase of the command's own (reading the config, writing the report), timed for `--debug`. */
  time<T>(phase: RunPhase, work: () => Promise<T>): Promise<T>;
  /** Prints the timings with `--debug`; stops the deadline. */
  finish(): void;
}

export function scanRun(io: CliIo, values: CliValues, clock: () => number = () => performance.now()): ScanRun {
  const debug = values.debug === true;
  const timeoutText = typeof values.timeout === 'string' ? values.timeout : undefined;
  const timeoutMs = timeoutText === undefined ? undefined : parseTimeout(timeoutText, '--timeout');
  const controller = timeoutMs === undefined ? undefined : new AbortController();
  const timings: Array<[RunPhase, number]> = [];
  const started = clock();
  let timer: NodeJS.Timeout | undefined;
  return {
    hooks: {
      ...(debug ? { onPhase: (phase: ScanPhase, ms: number) => void timings.push([phase, ms]) } : {}),
      ...(controller ? { signal: controller.signal } : {}),
    },
    within: async (work) => {
      if (!controller || timeoutMs === undefined) return work;
      // The scan stops at its next entry once aborted; what it throws then is no news to anyone.
      work.catch(() => undefined);
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const error = new ScanTimeoutError(`the scan did not finish within ${timeoutText!.trim()} (--timeout); no report was written. Raise --timeout or scan less (--exclude, --skip-dependencies).`);
          controller.abort(error);
          reject(error);
        }, timeoutMs);
      });
      try {
        return await Promise.race([work, expired]);
      } finally {
        clearTimeout(timer);
      }
    },
    time: async (phase, work) => {
      const start = clock();
      try {
        return await work();
      } finally {
        if (debug) timings.push([phase, clock() - start]);
      }
    },
    finish: () => {
      clearTimeout(timer);
      if (!debug) return;
      const width = Math.max(...timings.map(([phase]) => phase.length), 'total'.length);
      const line = (phase: string, ms: number) => `rampart: debug: ${phase.padEnd(width)} ${ms.toFixed(1).padStart(9)} ms\n`;
      io.stderr(timings.map(([phase, ms]) => line(phase, ms)).join('') + line('total', clock() - started));
    },
  };
}
