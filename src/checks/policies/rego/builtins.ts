import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import semver from 'semver';

/**
 * Built-in functions OPA's WebAssembly target leaves to the host. opa-wasm brings a few (sprintf, regex.split,
 * json.is_valid, yaml.*); these are the others Gatekeeper libraries use. Each follows OPA's Go implementation:
 * an argument OPA would reject makes the call undefined (return undefined), as OPA's non-strict evaluation does.
 */
export const HOST_BUILTINS: Readonly<Record<string, (...args: unknown[]) => unknown>> = {
  'units.parse_bytes': (text) => parseUnits(text, true),
  'units.parse': (text) => parseUnits(text, false),
  'strings.any_prefix_match': (search, base) => anyMatch(search, base, (s, b) => s.startsWith(b)),
  'strings.any_suffix_match': (search, base) => anyMatch(search, base, (s, b) => s.endsWith(b)),
  'semver.is_valid': (version) => typeof version === 'string' && semver.valid(version) !== null,
  'semver.compare': (a, b) => (typeof a === 'string' && typeof b === 'string' && semver.valid(a) && semver.valid(b) ? semver.compare(a, b) : undefined),
  // Gatekeeper evaluates each request at one instant; a policy reading the clock gets the host's.
  'time.now_ns': () => Date.now() * 1_000_000,
  // Traces are for `opa eval --explain`; Gatekeeper discards them, and they must never reach a report's stdout.
  trace: () => true,
};

/** The host built-ins opa-wasm itself provides. */
const SDK_BUILTINS = new Set(['sprintf', 'regex.split', 'json.is_valid', 'yaml.is_valid', 'yaml.marshal', 'yaml.unmarshal']);

export function hostProvides(name: string): boolean {
  return SDK_BUILTINS.has(name) || Object.prototype.hasOwnProperty.call(HOST_BUILTINS, name);
}

const BINARY: Readonly<Record<string, number>> = { ki: 2 ** 10, mi: 2 ** 20, gi: 2 ** 30, ti: 2 ** 40, pi: 2 ** 50, ei: 2 ** 60 };
const DECIMAL: Readonly<Record<string, number>> = { k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15, e: 1e18 };

/**
 * `units.parse_bytes` ("10GB", "5K", "4mib": case-insensitive, an optional B, an integer result) and `units.parse`
 * (Kubernetes-style quantities: "m" is milli, "M" mega, "Ki" binary).
 */
function parseUnits(text: unknown, bytes: boolean): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)([a-zA-Z]*)$/.exec(text.replace(/"/g, '').trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  let unit = match[2]!;
  if (bytes) {
    unit = unit.toLowerCase();
    if (unit.endsWith('b')) unit = unit.slice(0, -1);
    const factor = unit === '' ? 1 : (BINARY[unit] ?? DECIMAL[unit]);
    return factor === undefined ? undefined : Math.trunc(amount * factor);
  }
  if (unit === 'm') return amount / 1000;
  const lower = unit.toLowerCase();
  return unit === '' ? amount : BINARY[lower] !== undefined ? amount * BINARY[lower] : DECIMAL[lower] !== undefined ? amount * DECIMAL[lower] : undefined;
}

function anyMatch(search: unknown, base: unknown, test: (s: string, b: string) => boolean): boolean | undefined {
  const searches = typeof search === 'string' ? [search] : Array.isArray(search) ? search : undefined;
  const bases = typeof base === 'string' ? [base] : Array.isArray(base) ? base : undefined;
  if (!searches || !bases || ![...searches, ...bases].every((item) => typeof item === 'string')) return undefined;
  return (searches as string[]).some((s) => (bases as string[]).some((b) => test(s, b)));
}

/**
 * OPA's `sprintf`: Go's fmt over the arguments as OPA hands them to it (strings and numbers as themselves, every
 * other value as its Rego text). opa-wasm's own formats objects as "[object Object]" and lists without brackets,
 * so Gatekeeper messages would read differently from the ones the cluster shows; OPA's format is installed in its
 * place. Sets reach the host as JSON arrays and so print with brackets rather than braces.
 */
export function opaSprintf(format: unknown, values: unknown): string | undefined {
  if (typeof format !== 'string' || !Array.isArray(values)) return undefined;
  const args = values.map(goValue);
  let next = 0;
  const out = format.replace(/%([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g, (_whole, flags: string, width?: string, precision?: string, verb?: string) => {
    if (verb === '%') return '%';
    if (next >= args.length) return `%!${verb}(MISSING)`;
    const arg = args[next++]!;
    const text = formatOne(arg, verb!, precision === undefined ? undefined : Math.min(Number(precision), 100));
    return text === undefined ? `%!${verb}(${arg.type}=${plain(arg)})` : pad(text, flags, width === undefined ? 0 : Number(width), arg.type !== 'string');
  });
  if (next < args.length) return `${out}%!(EXTRA ${args.slice(next).map((arg) => `${arg.type}=${plain(arg)}`).join(', ')})`;
  return out;
}

type GoValue = { type: 'string'; value: string } | { type: 'int64' | 'float64'; value: number };

function goValue(value: unknown): GoValue {
  if (typeof value === 'string') return { type: 'string', value };
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'int64' : 'float64', value };
  return { type: 'string', value: regoText(value) };
}

function plain(arg: GoValue): string {
  return typeof arg.value === 'string' ? arg.value : String(arg.value);
}

function formatOne(arg: GoValue, verb: string, precision: number | undefined): string | undefined {
  const { value } = arg;
  switch (verb) {
    case 'v':
      return typeof value === 'string' ? value : String(value);
    case 's':
      return typeof value === 'string' ? (precision === undefined ? value : value.slice(0, precision)) : undefined;
    case 'q':
      return typeof value === 'string' ? JSON.stringify(value) : undefined;
    case 'd':
      return arg.type === 'int64' ? String(value) : undefined;
    case 'f':
    case 'F':
      return typeof value === 'number' ? value.toFixed(precision ?? 6) : undefined;
    case 'e':
      return typeof value === 'number' ? value.toExponential(precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2') : undefined;
    case 'x':
    case 'X': {
      const hex = typeof value === 'string' ? Buffer.from(value).toString('hex') : arg.type === 'int64' ? value.toString(16) : undefined;
      return hex === undefined ? undefined : verb === 'X' ? hex.toUpperCase() : hex;
    }
    default:
      return undefined;
  }
}

/** Go pads to any width; a policy asking for `%999999999s` must not exhaust memory, so widths stop at MAX_WIDTH. */
const MAX_WIDTH = 1024;

function pad(text: string, flags: string, requested: number, numeric: boolean): string {
  const width = Math.min(requested, MAX_WIDTH);
  if (text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  return flags.includes('0') && numeric ? text.padStart(width, '0') : text.padStart(width);
}

/** A value as Rego prints it: `{"a": 1}` with keys in order, `["x", 1]`, `null`, strings quoted. */
function regoText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(regoText).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}: ${regoText(item)}`).join(', ')}}`;
}

/**
 * opa-wasm consults its own built-ins before the ones it is given, so OPA's sprintf replaces its entry in the
 * table the SDK dispatches from (the CommonJS module opa-wasm's loader requires, shared through require's cache).
 */
function installSprintf(): void {
  const require = createRequire(import.meta.url);
  const table = require(join(dirname(require.resolve('@open-policy-agent/opa-wasm')), 'builtins', 'index.js')) as Record<string, unknown>;
  table.sprintf = opaSprintf;
}

installSprintf();
