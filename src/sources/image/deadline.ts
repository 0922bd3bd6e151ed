/** The time allowed for reading one image ran out. */
export class ImageTimeoutError extends Error {
  override name = 'ImageTimeoutError';
}

export interface Deadline {
  /** Aborts with an ImageTimeoutError as its reason. */
  signal: AbortSignal;
  cancel(): void;
}

/**
 * One budget of time for everything read from one image: token requests, manifests, config and every layer. Idle
 * timeouts alone let a server that sends a byte now and then hold a scan for ever.
 */
export function startDeadline(ms: number, message: string): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new ImageTimeoutError(message)), ms);
  // The deadline must not be what keeps the process alive once the work is done.
  timer.unref();
  return { signal: controller.signal, cancel: () => clearTimeout(timer) };
}
