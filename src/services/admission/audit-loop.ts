import type { Logger } from 'pino';

export interface AuditSummary {
  objects: number;
  entries: readonly unknown[];
  written: number;
  errors: readonly unknown[];
}

export interface AuditLoop {
  /** Cancels a run in progress (its reports are then not written) and waits for it to end. */
  stop(): Promise<void>;
}

/**
 * Runs the background audit of `serve` now and then every `intervalMs` after the previous run ended, so runs never
 * overlap however long one takes. A failed run is logged and the next one still comes.
 */
export function auditPeriodically(run: (signal: AbortSignal) => Promise<AuditSummary>, intervalMs: number, logger: Logger): AuditLoop {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const tick = () => {
    const started = performance.now();
    running = run(controller.signal)
      .then(
        (result) => logger.info({ objects: result.objects, results: result.entries.length, reports: result.written, errors: result.errors.length, durationMs: Math.round(performance.now() - started) }, 'background audit done'),
        (error: Error) => {
          if (!controller.signal.aborted) logger.warn({ err: error.message }, 'background audit failed');
        },
      )
      .finally(() => {
        if (controller.signal.aborted) return;
        timer = setTimeout(tick, intervalMs);
        timer.unref();
      });
  };
  tick();
  return {
    async stop() {
      controller.abort(new Error('the server is shutting down'));
      clearTimeout(timer);
      await running;
    },
  };
}
