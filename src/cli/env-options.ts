import { resolve } from 'node:path';
import type { OptionSpec } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';

/** `--fail-on` is read from `RAMPART_FAIL_ON`, as Trivy reads `TRIVY_SEVERITY`: CI systems set flags as variables. */
export function envName(option: OptionSpec): string {
  return `RAMPART_${option.name.toUpperCase().replace(/-/g, '_')}`;
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off', '']);

/**
 * The values the environment sets for flags the command line left out (the command line wins). Repeatable flags take
 * a comma-separated list. A boolean variable that is neither true nor false is a usage error naming the variable.
 */
export function valuesFromEnvironment(options: readonly OptionSpec[], given: CliValues, env: NodeJS.ProcessEnv): CliValues {
  const values: CliValues = { ...given };
  for (const option of options) {
    const raw = env[envName(option)];
    if (raw === undefined || given[option.name] !== undefined) continue;
    if (option.type === 'boolean') {
      const word = raw.trim().toLowerCase();
      if (!TRUE.has(word) && !FALSE.has(word)) throw new UsageError(`${envName(option)} must be true or false, not "${raw}"`);
      values[option.name] = TRUE.has(word);
    } else if (option.multiple) {
      values[option.name] = raw.split(',').map((part) => part.trim()).filter((part) => part !== '');
    } else {
      values[option.name] = raw;
    }
  }
  return values;
}

/**
 * `--cache-dir` as the `RAMPART_CACHE_DIR` the lower layers read (core/cache-dir.ts), so the OSV database and the Rego
 * bundle cache follow one flag without each command passing it down.
 */
export function environmentWithCacheDir(values: CliValues, env: NodeJS.ProcessEnv, cwd: string): NodeJS.ProcessEnv {
  const dir = values['cache-dir'];
  if (typeof dir !== 'string') return env;
  if (dir.trim() === '') throw new UsageError('--cache-dir needs a directory');
  return { ...env, RAMPART_CACHE_DIR: resolve(cwd, dir) };
}
