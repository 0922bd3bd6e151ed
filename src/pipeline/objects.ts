import type { ScanError } from '../core/finding.js';
import type { FileKind } from '../sources/directory/classify.js';
import type { Source } from '../sources/source.js';
import { isJsonManifest, parseYamlFile, type ParsedYamlFile } from '../parsers/kubernetes/documents.js';
import { extractObjects, type KubernetesObject } from '../parsers/kubernetes/objects.js';

/**
 * The objects of a YAML or JSON text entry. JSON that holds no Kubernetes object (package.json, tsconfig.json) is not
 * ours to judge, nor its syntax (undefined); a broken manifest is (isJsonManifest).
 */
export function manifestObjects(file: string, text: string, kind: FileKind): { parsed: ParsedYamlFile; objects: KubernetesObject[] } | undefined {
  if (kind === 'json' && isOtherJson(text)) return undefined;
  const parsed = parseYamlFile(file, text);
  const objects = extractObjects(parsed);
  return kind === 'json' && !isJsonManifest(parsed, objects.length) ? undefined : { parsed, objects };
}

/**
 * Valid JSON whose top level has neither `apiVersion` nor `kind` is no manifest, whatever the YAML parse would add
 * (isJsonManifest). The native parser tells so at a tenth of the cost of the YAML parse with positions, which large
 * JSON files (API descriptions, JSON Schemas) would otherwise pay in full.
 */
function isOtherJson(text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  return value === null || typeof value !== 'object' || Array.isArray(value) || (!Object.hasOwn(value, 'apiVersion') && !Object.hasOwn(value, 'kind'));
}

/**
 * Every Kubernetes object the sources yield, whole, for the analyses that answer questions rather than judge objects
 * one by one (`rampart rbac`, `rampart netpol`). Each source is closed when it ends or fails.
 */
export async function loadObjects(sources: readonly Source[]): Promise<{ objects: KubernetesObject[]; errors: ScanError[] }> {
  const objects: KubernetesObject[] = [];
  const errors: ScanError[] = [];
  for (const source of sources) {
    try {
      for await (const entry of source.entries()) {
        if (entry.type === 'error') errors.push(entry.error);
        else if (entry.type === 'rendered') {
          objects.push(...entry.result.objects);
          errors.push(...entry.result.errors);
        } else if (entry.type === 'text' && (entry.kind === 'yaml' || entry.kind === 'json')) {
          const manifest = manifestObjects(entry.file, entry.text, entry.kind);
          if (!manifest) continue;
          objects.push(...manifest.objects);
          errors.push(...manifest.parsed.errors);
        }
      }
    } finally {
      await source.close?.();
    }
  }
  // Nothing readable is an incomplete answer, never an empty analysis that passes a gate.
  if (objects.length === 0 && !errors.some((e) => (e.level ?? 'error') === 'error')) {
    errors.push({ file: sources.map((source) => source.name).join(' '), message: 'no Kubernetes objects found in the input' });
  }
  return { objects, errors };
}
