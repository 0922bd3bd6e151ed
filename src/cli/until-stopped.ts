/** Resolves on SIGTERM or SIGINT (a pod being stopped, Ctrl-C), or when `stop` aborts (tests): a server's run. */
export function untilStopped(stop?: AbortSignal): Promise<void> {
  return new Promise<void>((done) => {
    const finish = () => {
      process.off('SIGTERM', finish);
      process.off('SIGINT', finish);
      done();
    };
    process.once('SIGTERM', finish);
    process.once('SIGINT', finish);
    if (stop?.aborted) finish();
    else stop?.addEventListener('abort', finish, { once: true });
  });
}
