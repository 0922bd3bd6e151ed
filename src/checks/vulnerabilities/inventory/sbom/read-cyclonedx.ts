import { osFromRelease } from './distro.js';
import { PROPERTY, TRIVY_PROPERTY } from './properties.js';
import { osOfPurls } from './purl-package.js';
import { isObject, SbomReader, stringField, type JsonObject } from './sbom-reader.js';
import type { ReadSbomResult } from './types.js';

/** 1.7 changed nothing this reader looks at (components, purl, properties), so its SBOMs are read as well. */
const SPEC_VERSIONS = ['1.4', '1.5', '1.6', '1.7'];
/** Deeper nesting than any real assembly; a guard against crafted documents, not a format rule. */
const MAX_DEPTH = 64;

function properties(component: JsonObject): Map<string, string> {
  const values = new Map<string, string>();
  const list = component['properties'];
  if (!Array.isArray(list)) return values;
  for (const property of list) {
    if (!isObject(property)) continue;
    const name = stringField(property, 'name');
    const value = stringField(property, 'value');
    if (name && value && !values.has(name)) values.set(name, value);
  }
  return values;
}

/** Every component, nested ones included, in document order; malformed entries become errors. */
function walkComponents(document: JsonObject, reader: SbomReader): JsonObject[] {
  const found: JsonObject[] = [];
  const visit = (list: unknown, path: string, depth: number): void => {
    if (list === undefined) return;
    if (!Array.isArray(list)) return reader.error(`${path} is not an array`);
    if (depth > MAX_DEPTH) return reader.error(`${path}: components nested deeper than ${MAX_DEPTH} levels are not read`);
    list.forEach((component, index) => {
      const where = `${path}[${index}]`;
      if (!isObject(component)) return reader.error(`${where} is not an object`);
      found.push(component);
      visit(component['components'], `${where}.components`, depth + 1);
    });
  };
  visit(document['components'], 'components', 1);
  return found;
}

function label(component: JsonObject): string {
  const name = stringField(component, 'name') ?? '(unnamed)';
  const version = stringField(component, 'version');
  return `component "${version ? `${name}@${version}` : name}"`;
}

export function readCycloneDx(document: JsonObject, file: string): ReadSbomResult {
  const reader = new SbomReader(file);
  const specVersion = stringField(document, 'specVersion');
  if (!specVersion || !SPEC_VERSIONS.includes(specVersion)) {
    reader.error(`CycloneDX specVersion ${JSON.stringify(document['specVersion'] ?? null)} is not read (supported: ${SPEC_VERSIONS.join(', ')})`);
    return reader.result(undefined);
  }
  const components = walkComponents(document, reader);
  const osComponent = components.find((component) => component['type'] === 'operating-system' && stringField(component, 'name'));
  const purls = components.map((component) => stringField(component, 'purl')).filter((purl) => purl !== undefined);
  const os = osComponent
    ? osFromRelease(stringField(osComponent, 'name')!, stringField(osComponent, 'version') ?? '')
    : osOfPurls(purls);

  for (const component of components) {
    if (component['type'] === 'operating-system') continue;
    const purl = component['purl'];
    if (purl === undefined) {
      reader.skip(`${label(component)} has no purl, so it cannot be matched to advisories`);
      continue;
    }
    if (typeof purl !== 'string') {
      reader.error(`${label(component)}: purl is not a string`);
      continue;
    }
    const props = properties(component);
    const more = reader.addPurl(purl, {
      os,
      displayName: stringField(component, 'name'),
      ecosystem: props.get(PROPERTY.ecosystem),
      sourceName: props.get(PROPERTY.sourceName) ?? props.get(TRIVY_PROPERTY.sourceName),
      sourceVersion: props.get(PROPERTY.sourceVersion),
      dev: props.get(PROPERTY.dev) === 'true',
    });
    if (!more) break;
  }
  return reader.result(os);
}
