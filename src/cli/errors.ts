// The command line's own errors, apart from the modules that throw them: main.ts tells them apart at start-up and
// must not load the whole scan pipeline to do it.

/** A wrong command line: exit 2 with the message and a pointer to `--help`. */
export class UsageError extends Error {}

/** `--timeout` ran out: exit 3 with the message, and no report at all (a partial one could read as clean). */
export class ScanTimeoutError extends Error {}
