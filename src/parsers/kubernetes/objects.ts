import type { JsonPath } from '../../core/fix.js';
import type { ResourceRef } from '../../core/finding.js';
import { asRecord } from './values.js';
import type { Located, ParsedYamlFile, YamlDocument } from './documents.js';

export interface KubernetesObject {
  apiVersion?: string;
  kind: string;
  name?: string;
  namespace?: string;
  raw: Record<string, unknown>;
  document: YamlDocument;
  /** Where the object sits inside its document: `[]`, or `['items', i]` inside a List. */
  basePath: JsonPath;
  /** Maps a field path to the source range; rendered charts replace it to point at templates. */
  locate(path: JsonPath): Located;
  /** Where `rampart fix` may apply this object's patches as they are; absent for rendered templates. */
  editable?: EditTarget;
}

export interface EditTarget {
  file: string;
  documentIndex: number;
  basePath: JsonPath;
}

export function resourceRef(object: KubernetesObject): ResourceRef {
  return {
    ...(object.apiVersion ? { apiVersion: object.apiVersion } : {}),
    kind: object.kind,
    ...(object.namespace ? { namespace: object.namespace } : {}),
    ...(object.name ? { name: object.name } : {}),
  };
}

/** True for a document that looks like a Kubernetes object, as opposed to other YAML (CI configs, values files). */
export function isKubernetesShaped(value: unknown): value is Record<string, unknown> & { apiVersion: string; kind: string } {
  const record = asRecord(value);
  return !!record && typeof record.apiVersion === 'string' && typeof record.kind === 'string' && record.kind !== '';
}

export function extractObjects(file: ParsedYamlFile): KubernetesObject[] {
  const objects: KubernetesObject[] = [];
  for (const document of file.documents) {
    const value = document.value;
    if (!isKubernetesShaped(value)) continue;
    const items = value.items;
    if (value.kind.endsWith('List') && Array.isArray(items)) {
      items.forEach((item, i) => {
        if (isKubernetesShaped(item)) objects.push(makeObject(item, document, ['items', i]));
      });
      continue;
    }
    objects.push(makeObject(value, document, []));
  }
  return objects;
}

export function makeObject(raw: Record<string, unknown>, document: YamlDocument, basePath: JsonPath): KubernetesObject {
  const metadata = asRecord(raw.metadata) ?? {};
  const name = typeof metadata.name === 'string' ? metadata.name : undefined;
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  const locateInDocument = document.locate;
  return {
    apiVersion: raw.apiVersion as string,
    kind: raw.kind as string,
    ...(name !== undefined ? { name } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    raw,
    document,
    basePath,
    // Through the document's locate function only, so a pruned copy of this object (engine/retain.ts)
    // does not keep the full document value alive.
    locate: (path) => locateInDocument([...basePath, ...path]),
    editable: { file: document.file, documentIndex: document.index, basePath },
  };
}
