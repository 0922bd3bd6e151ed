const REFRESH_MS = 100;

export interface ProgressLine {
  update(text: string): void;
  done(): void;
}

/** One self-overwriting status line on a terminal's stderr; a no-op elsewhere so logs and pipes stay clean. */
export function progressLine(write: ((text: string) => void) | undefined): ProgressLine {
  if (!write) return { update: () => undefined, done: () => undefined };
  let last = 0;
  let shown = false;
  return {
    update(text) {
      const now = Date.now();
      if (now - last < REFRESH_MS) return;
      last = now;
      shown = true;
      write(`\r\u001b[K${text}`);
    },
    done() {
      if (shown) write('\r\u001b[K');
    },
  };
}
