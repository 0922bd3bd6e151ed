import type { ImageRef } from './model.js';

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Expands `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR:+alt}` the way BuildKit does for FROM.
 * Returns undefined when a referenced variable has no value, because the result is then unknowable.
 */
export function substituteVariables(text: string, values: ReadonlyMap<string, string | undefined>): string | undefined {
  let unresolved = false;
  const result = text.replace(VARIABLE, (_match, braced: string | undefined, operator: string | undefined, operand: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    const value = values.get(name);
    const set = value !== undefined && (value !== '' || operator === '-' || operator === '+');
    if (operator === ':-' || operator === '-') return set ? value! : (operand ?? '');
    if (operator === ':+' || operator === '+') return set ? (operand ?? '') : '';
    if (value === undefined) unresolved = true;
    return value ?? '';
  });
  return unresolved ? undefined : result;
}

export function parseImageRef(raw: string, resolved: string | undefined): ImageRef {
  const ref: ImageRef = { raw, resolved };
  if (resolved === undefined || resolved === '') return ref;
  let rest = resolved;
  const at = rest.indexOf('@');
  if (at >= 0) {
    ref.digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    // Docker's rule: the first component is a registry when it looks like a host.
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      ref.registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    ref.tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  ref.repository = rest;
  return ref;
}
