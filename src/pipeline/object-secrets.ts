import type { Location, ScanError } from '../core/finding.js';
import type { RuleHit } from '../core/rule-hit.js';
import { resourceRef, type KubernetesObject } from '../parsers/kubernetes/objects.js';
import { formatPath } from '../parsers/kubernetes/values.js';
import { clearValuesOf, encodedValuesOf, searchClearValues, searchDecodedValues } from '../checks/secrets/objects/object-values.js';
import type { SecretSearch } from './secrets.js';

export interface ObjectSecrets {
  hits: RuleHit[];
  errors: ScanError[];
}

/**
 * Secrets in an object's base64 values (Secret `data`, ConfigMap `binaryData`), decoded and searched with every
 * detector whatever the key is called, each located at its value and named after the key it was decoded from.
 */
export function decodedValueSecrets(object: KubernetesObject, search: SecretSearch): ObjectSecrets & { covered: Location[] } {
  if (!search.active) return { hits: [], errors: [], covered: [] };
  const values = encodedValuesOf(object);
  if (values.paths.length === 0) return { hits: [], errors: [], covered: [] };
  const resource = resourceRef(object);
  const hits = searchDecodedValues(values.decoded, search.scan).map(({ value, match }) => {
    const { location } = object.locate(value.path);
    const hit = search.hit(location.file, match, `, base64-decoded from ${value.origin}`);
    const secret = { ...hit.secret!, encodings: ['base64' as const, ...match.encodings] };
    return { ...hit, location, fieldPath: formatPath(value.path), resource, secret };
  });
  const errors = values.skipped.map(({ path, reason }): ScanError => {
    const { location } = object.locate(path);
    return { file: location.file, line: location.startLine, message: reason, level: 'warning' };
  });
  return { hits, errors, covered: values.paths.map((path) => object.locate(path).location) };
}

/**
 * What a search of the object's manifest finds, for an object that comes without one (an admission request): its
 * decoded values, and the values it holds in the clear searched as a manifest writes them. Clear values are located
 * at their field but carry no field path or resource, as the same secret found by a scan of the file does not.
 */
export function objectSecrets(object: KubernetesObject, search: SecretSearch): ObjectSecrets {
  if (!search.active) return { hits: [], errors: [] };
  const decoded = decodedValueSecrets(object, search);
  const clear = searchClearValues(clearValuesOf(object), search.scan).map(({ value, match }) => {
    const { location } = object.locate(value.path);
    return { ...search.hit(location.file, match), location };
  });
  return { hits: [...decoded.hits, ...clear], errors: decoded.errors };
}

/**
 * A text search of a manifest sees a base64 value only encoded: what it found inside one is found again decoded (or,
 * in a value the API server would reject, is no value at all), so the decoded finding is the one kept.
 */
export function outsideEncodedValues(hits: RuleHit[], covered: readonly Location[]): RuleHit[] {
  if (covered.length === 0) return hits;
  return hits.filter((hit) => hit.meta.target !== 'secret' || !covered.some((range) => contains(range, hit.location)));
}

function contains(range: Location, { file, startLine: line, startColumn: column }: Location): boolean {
  if (range.file !== file || line < range.startLine || line > range.endLine) return false;
  // A block scalar's range can end at the first column of the line after it.
  return (line > range.startLine || column >= range.startColumn) && (line < range.endLine || column < range.endColumn);
}
