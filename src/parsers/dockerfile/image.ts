import { splitImageReference } from '../image/reference.js';
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

/** The parts of FROM's image as written (no Docker Hub defaults), once its variables are resolved. */
export function parseImageRef(raw: string, resolved: string | undefined): ImageRef {
  if (resolved === undefined || resolved === '') return { raw, resolved };
  const parts = splitImageReference(resolved);
  return {
    raw,
    resolved,
    ...(parts.domain !== undefined ? { registry: parts.domain } : {}),
    repository: parts.path,
    ...(parts.tag !== undefined ? { tag: parts.tag } : {}),
    ...(parts.digest !== undefined ? { digest: parts.digest } : {}),
  };
}
