import type { Location, ScanError } from '../core/finding.js';
import type { IgnoreDirective } from '../core/ignore-directive.js';
import type { RuleHit } from '../core/rule-hit.js';
import type { RuleSettings } from '../core/settings.js';
import type { KubernetesObject } from '../parsers/kubernetes/objects.js';
import { collectIgnoreDirectives } from '../parsers/kubernetes/documents.js';
import type { FileKind } from '../sources/directory/classify.js';
import { scanDockerfileText } from './dockerfile.js';
import { runKubernetesRules, type RenderedDirectives } from './kubernetes.js';
import { manifestObjects } from './objects.js';
import { decodedValueSecrets, outsideEncodedValues, type ObjectSecrets } from './object-secrets.js';
import { retainForSetRules } from './retain.js';
import type { RuleSelection } from './rule-selection.js';
import type { SecretSearch } from './secrets.js';
import { unknownKindWarnings } from './unknown-kinds.js';

/** What the checks of one file (or one rendering) found, in the order the pipeline collects it. */
export interface FileOutcome {
  hits: RuleHit[];
  errors: ScanError[];
  directives: IgnoreDirective[];
  resources: number;
  /** Kubernetes objects per kind, when the file held any: what the rules had in front of them. */
  kinds?: Record<string, number>;
  /** The file's objects as set rules keep them (pipeline/retain.ts); empty when no set rule runs. */
  kept: KubernetesObject[];
}

/** Everything the checks of one text file depend on; the same in the scanning thread and in a file worker. */
export interface FileCheckContext {
  selection: RuleSelection;
  settings: RuleSettings;
  /** Kubernetes and Dockerfile rules run (secrets are searched regardless, by `secrets`). */
  rules: boolean;
  /** Set rules run, so every object is kept for them. */
  keepObjects: boolean;
  /** Users' policies run: objects are kept whole, since a policy may read any field (pipeline/policies.ts). */
  keepWhole?: boolean;
  secrets: SecretSearch;
}

export interface TextFile {
  file: string;
  text: string;
  kind: FileKind;
}

/** The secret search, then the rules of the file's kind: a text entry's whole share of a scan. */
export function checkTextFile(entry: TextFile, context: FileCheckContext): FileOutcome {
  return withTextSecrets(checkTextFileButSearch(entry, context), context.secrets.hits(entry.file, entry.text));
}

/** A text file's checks but the search of its text for secrets, which `withTextSecrets` adds; it holds no text. */
export interface UnsearchedOutcome {
  outcome: FileOutcome | undefined;
  /** With where the decoded values sit: a match of the text search inside one is found again decoded. */
  decoded: Array<ObjectSecrets & { covered: Location[] }>;
}

/** The rules of the file's kind and the search of its objects' decoded values: what does not read the whole text. */
export function checkTextFileButSearch(entry: TextFile, context: FileCheckContext): UnsearchedOutcome {
  const rules = context.rules && entry.kind !== 'packages' && entry.kind !== 'other';
  const { outcome, objects } = rules ? scanText(entry, context) : { outcome: undefined, objects: context.secrets.active ? secretObjects(entry) : [] };
  const decoded = objects.map((object) => decodedValueSecrets(object, context.secrets));
  return { outcome, decoded };
}

/** The outcome with what the search of the file's text found (`SecretSearch.hits`), as `checkTextFile` gives it. */
export function withTextSecrets({ outcome, decoded }: UnsearchedOutcome, textHits: RuleHit[]): FileOutcome {
  const secretHits = [...outsideEncodedValues(textHits, decoded.flatMap((d) => d.covered)), ...decoded.flatMap((d) => d.hits)];
  const secretErrors = decoded.flatMap((d) => d.errors);
  if (!outcome) return { hits: secretHits, errors: secretErrors, directives: [], resources: 0, kept: [] };
  return secretHits.length + secretErrors.length > 0 ? { ...outcome, hits: [...secretHits, ...outcome.hits], errors: [...outcome.errors, ...secretErrors] } : outcome;
}

/** With rules off, a manifest is parsed only when it may hold base64 values, which the secret search decodes per key. */
function secretObjects({ file, text, kind }: TextFile): KubernetesObject[] {
  if ((kind !== 'yaml' && kind !== 'json') || !((text.includes('Secret') && text.includes('data')) || text.includes('binaryData'))) return [];
  return manifestObjects(file, text, kind)?.objects ?? [];
}

function scanText({ file, text, kind }: TextFile, context: FileCheckContext): { outcome: FileOutcome; objects: KubernetesObject[] } {
  const { selection, settings } = context;
  if (kind === 'dockerfile') {
    const result = scanDockerfileText(file, text, selection.dockerfile, settings);
    return { outcome: { hits: result.hits, errors: result.errors, directives: result.ignoreDirectives, resources: 1, kept: [] }, objects: [] };
  }
  const manifest = manifestObjects(file, text, kind);
  if (!manifest) return { outcome: { hits: [], errors: [], directives: [], resources: 0, kept: [] }, objects: [] };
  const { parsed, objects } = manifest;
  const kept = context.keepWhole ? objects : context.keepObjects ? objects.map((object) => retainForSetRules(object, selection.kubernetesSet)) : [];
  const outcome = scanObjects(objects, selection, settings);
  return { outcome: { ...outcome, errors: [...parsed.errors, ...outcome.errors], directives: parsed.ignoreDirectives, kept }, objects };
}

/** The per-object rules over the objects of one file or rendering; their objects are kept by the caller. */
export function scanObjects(objects: KubernetesObject[], selection: RuleSelection, settings: RuleSettings, directives?: RenderedDirectives): FileOutcome {
  const result = runKubernetesRules(objects, selection.kubernetes, settings, directives);
  return { hits: result.hits, errors: [...result.errors, ...unknownKindWarnings(objects)], directives: [], resources: objects.length, kinds: countKinds(objects), kept: [] };
}

function countKinds(objects: readonly KubernetesObject[]): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const { kind } of objects) if (kind) kinds[kind] = (kinds[kind] ?? 0) + 1;
  return kinds;
}

/** The `rampart:ignore` comments of one rendering's output (all its objects share one text). */
export function renderedDirectivesOf(objects: KubernetesObject[]): IgnoreDirective[] {
  const [first] = objects;
  if (!first) return [];
  const documents = [...new Set(objects.map((o) => o.document))];
  return collectIgnoreDirectives(first.document.text, documents);
}
