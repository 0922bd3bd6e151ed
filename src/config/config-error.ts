/** A config or ignore file that is wrong: the CLI exits 2 (usage) with this file and line. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    message: string,
  ) {
    super(message);
  }
}
