import type { Location } from '../../core/finding.js';

/** One setting of a component as it will take effect, and where it was written. */
export interface Setting {
  name: string;
  value: string;
  location: Location;
  /** Where the value came from, for messages: `command line`, `kubelet config file`, `k3s default`... */
  source: string;
}

export interface FlagOccurrence {
  name: string;
  value: string;
  /** Index in the argument list of the flag itself (its value may be the next argument). */
  index: number;
}

export interface ParsedFlags {
  flags: FlagOccurrence[];
  positionals: string[];
  errors: string[];
}

/**
 * Reads a Go command line as pflag and Go's `flag` package do: `--name=value`, `--name value` (a boolean flag takes
 * no separate value, so `--profiling false` is `--profiling=true` followed by a positional), `-name` as `--name`, and
 * `--` ending the flags. Occurrences are kept in order: which one wins (the last, or all of them for lists) is the
 * component's rule, applied by the caller.
 */
export function parseFlags(args: readonly string[], booleanFlags: ReadonlySet<string>): ParsedFlags {
  const flags: FlagOccurrence[] = [];
  const positionals: string[] = [];
  const errors: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    const match = /^--?([A-Za-z0-9][A-Za-z0-9._-]*)(?:=([\s\S]*))?$/.exec(arg);
    if (!match || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const name = match[1]!;
    if (match[2] !== undefined) {
      flags.push({ name, value: match[2], index: i });
    } else if (booleanFlags.has(name)) {
      flags.push({ name, value: 'true', index: i });
    } else if (i + 1 < args.length) {
      flags.push({ name, value: args[i + 1]!, index: i });
      i++;
    } else {
      errors.push(`flag --${name} needs a value`);
    }
  }
  return { flags, positionals, errors };
}

/** Go's strconv.ParseBool, which every flag and config boolean goes through. */
export function parseGoBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  return undefined;
}

/** `A=true,B=false` as a feature-gate map; repeated `--feature-gates` flags merge into one, as pflag does. */
export function parseFeatureGates(value: string): Map<string, string> {
  const gates = new Map<string, string>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) gates.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return gates;
}

/** Comma-separated list values (`--authorization-mode=Node,RBAC`), blanks dropped. */
export function listValue(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
