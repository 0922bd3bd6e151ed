import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CliIo } from './io.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';

/** The command's answer to `--output FILE` (parent directories created) or to standard output. */
export async function writeOutput(text: string, values: CliValues, io: CliIo): Promise<void> {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  const output = typeof values.output === 'string' ? values.output : undefined;
  if (!output) {
    io.stdout(body);
    return;
  }
  const path = resolve(io.cwd, output);
  await writable(output, async () => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
  });
}

/** A file that cannot be written is the user's path to fix (exit 2 naming it), not an internal error. */
export async function writable(file: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) throw error;
    throw new UsageError(`cannot write "${file}": ${(error as Error).message.replace(/^[A-Z]+: /, '')}`);
  }
}

/** The width tables fit to: the terminal's, unless `--wide` or the answer goes to a file (then every cell is whole). */
export function widthOf(values: CliValues, io: CliIo): { width?: number } {
  if (!io.isTTY || values.wide === true || typeof values.output === 'string' || io.columns === undefined) return {};
  return { width: io.columns };
}
