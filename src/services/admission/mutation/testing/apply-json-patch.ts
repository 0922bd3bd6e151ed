import { isDeepStrictEqual } from 'node:util';

/** Any RFC 6902 operation, as a test may write one. */
export type AnyPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

/**
 * A strict RFC 6902 applier for tests, written from the RFC alone so it checks the mutations' planner instead of
 * sharing its assumptions: every operation of the six, pointers per RFC 6901 (`~1` before `~0`), array indexes without
 * leading zeros, `-` only where an element is added, a missing parent or member is an error (the API server rejects
 * the whole patch then), and the input is never changed.
 */
export function applyJsonPatch(document: unknown, patch: readonly AnyPatchOperation[]): unknown {
  let root = structuredClone(document);
  for (const [i, operation] of patch.entries()) {
    const fail = (reason: string): never => {
      throw new Error(`operation ${i} (${operation.op} ${operation.path}): ${reason}`);
    };
    switch (operation.op) {
      case 'add':
        root = add(root, parse(operation.path, fail), structuredClone(operation.value), fail);
        break;
      case 'remove':
        root = remove(root, parse(operation.path, fail), fail).root;
        break;
      case 'replace': {
        const tokens = parse(operation.path, fail);
        root = add(remove(root, tokens, fail).root, tokens, structuredClone(operation.value), fail);
        break;
      }
      case 'move': {
        const from = parse(operation.from, fail);
        const to = parse(operation.path, fail);
        if (from.length < to.length && from.every((t, k) => t === to[k])) fail('a location cannot be moved into one of its children');
        const removed = remove(root, from, fail);
        root = add(removed.root, to, removed.value, fail);
        break;
      }
      case 'copy':
        root = add(root, parse(operation.path, fail), structuredClone(get(root, parse(operation.from, fail), fail)), fail);
        break;
      case 'test':
        if (!isDeepStrictEqual(get(root, parse(operation.path, fail), fail), operation.value)) fail('test failed');
        break;
      default:
        fail('unknown operation');
    }
  }
  return root;
}

function parse(pointer: string, fail: (reason: string) => never): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) fail(`${JSON.stringify(pointer)} is not a JSON pointer`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => {
      if (/~[^01]|~$/.test(token)) fail(`bad escape in ${JSON.stringify(token)}`);
      return token.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

function index(token: string, length: number, fail: (reason: string) => never): number {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) fail(`${JSON.stringify(token)} is not an array index`);
  const value = Number(token);
  if (value > length) fail(`index ${value} is past the end`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function get(root: unknown, tokens: readonly string[], fail: (reason: string) => never): unknown {
  let node = root;
  for (const token of tokens) {
    if (Array.isArray(node)) {
      const at = index(token, node.length - 1, fail);
      node = node[at];
    } else if (isObject(node) && Object.hasOwn(node, token)) node = node[token];
    else fail(`no member ${JSON.stringify(token)}`);
  }
  return node;
}

function add(root: unknown, tokens: readonly string[], value: unknown, fail: (reason: string) => never): unknown {
  if (tokens.length === 0) return value;
  const parent = get(root, tokens.slice(0, -1), fail);
  const last = tokens.at(-1)!;
  if (Array.isArray(parent)) parent.splice(last === '-' ? parent.length : index(last, parent.length, fail), 0, value);
  else if (isObject(parent)) Object.defineProperty(parent, last, { value, enumerable: true, writable: true, configurable: true });
  else fail('the parent is neither an object nor an array');
  return root;
}

function remove(root: unknown, tokens: readonly string[], fail: (reason: string) => never): { root: unknown; value: unknown } {
  if (tokens.length === 0) return { root: undefined, value: root };
  const parent = get(root, tokens.slice(0, -1), fail);
  const last = tokens.at(-1)!;
  if (Array.isArray(parent)) {
    const at = index(last, parent.length - 1, fail);
    return { root, value: parent.splice(at, 1)[0] };
  }
  if (!isObject(parent) || !Object.hasOwn(parent, last)) return fail(`no member ${JSON.stringify(last)}`);
  const value = parent[last];
  delete parent[last];
  return { root, value };
}
