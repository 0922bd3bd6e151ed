import type { Location } from '../../core/finding.js';
import type { JsonPath } from '../../core/fix.js';
import type { RuleMeta } from '../../core/rule.js';
import type { Located, YamlDocument } from '../../parsers/kubernetes/documents.js';
import { parseYamlFile } from '../../parsers/kubernetes/documents.js';
import type { EditTarget, KubernetesObject } from '../../parsers/kubernetes/objects.js';
import type { FileOutcome } from '../file-checks.js';
import { fromWireHit, toWireHit, type WireHit } from './wire-hit.js';

/**
 * A file outcome as it crosses from a file worker to the scanning thread (structured clone: data only). Rule metadata
 * travels as the rule's ID. A kept object travels as its pruned value and, instead of the file's text and position
 * tree, the lines of its own document: set rules report on few objects, and only those are parsed again, lazily, to
 * locate a field.
 */
export interface WireOutcome extends Omit<FileOutcome, 'hits' | 'kept'> {
  hits: WireHit[];
  kept: WireObject[];
}

interface WireObject {
  apiVersion?: string;
  kind: string;
  name?: string;
  namespace?: string;
  raw: Record<string, unknown>;
  basePath: JsonPath;
  editable?: EditTarget;
  file: string;
  index: number;
  startLine: number;
  endLine: number;
  /** The document's lines, `startLine` to `endLine`; absent for an object kept as its identity (one fixed location). */
  lines?: string;
  located?: Located;
}

export function toWire(outcome: FileOutcome, text: string): WireOutcome {
  return {
    ...outcome,
    hits: outcome.hits.map(toWireHit),
    kept: outcome.kept.map((object) => wireObject(object, text)),
  };
}

function wireObject(object: KubernetesObject, text: string): WireObject {
  const { document } = object;
  const common = {
    ...(object.apiVersion !== undefined ? { apiVersion: object.apiVersion } : {}),
    kind: object.kind,
    ...(object.name !== undefined ? { name: object.name } : {}),
    ...(object.namespace !== undefined ? { namespace: object.namespace } : {}),
    raw: object.raw,
    basePath: object.basePath,
    file: document.file,
    index: document.index,
    startLine: document.startLine,
    endLine: document.endLine,
  };
  // Objects no set rule reads are kept as their identity, which holds no text and one location (pipeline/retain.ts).
  if (!object.editable) return { ...common, located: object.locate([]) };
  return { ...common, editable: object.editable, lines: linesOf(text, document.startLine, document.endLine) };
}

/** Lines `from` to `to` (1-based, inclusive) of `text`, each with its line break. */
function linesOf(text: string, from: number, to: number): string {
  let start = 0;
  for (let line = 1; line < from && start !== -1; line++) start = text.indexOf('\n', start) + 1 || -1;
  let end = start;
  for (let line = from; line <= to && end !== -1; line++) end = text.indexOf('\n', end) + 1 || -1;
  return text.slice(Math.max(0, start), end === -1 ? text.length : end);
}

/** The outcome with each hit's rule metadata and each kept object's `locate` restored. */
export function fromWire(wire: WireOutcome, metaOf: (ruleId: string) => RuleMeta): FileOutcome {
  return {
    ...wire,
    hits: wire.hits.map((hit) => fromWireHit(hit, metaOf)),
    kept: wire.kept.map(keptObject),
  };
}

function keptObject(wire: WireObject): KubernetesObject {
  const { file, index, startLine, endLine, lines, located, basePath, editable, ...identity } = wire;
  const locateInDocument = located ? () => located : documentLocator(file, startLine, lines ?? '');
  const document: YamlDocument = { file, index, text: '', value: null, startLine, endLine, locate: locateInDocument, nodeEndLine: () => undefined };
  return {
    ...identity,
    document,
    basePath,
    locate: located ? () => located : (path) => locateInDocument([...basePath, ...path]),
    ...(editable ? { editable } : {}),
  };
}

/** Locates in the document's own lines, parsed on first use, and shifted back to where they sit in the file. */
function documentLocator(file: string, startLine: number, lines: string): (path: JsonPath) => Located {
  let parsed: YamlDocument | undefined;
  const shift = startLine - 1;
  return (path) => {
    parsed ??= parseYamlFile(file, lines).documents[0];
    if (!parsed) return { location: { file, startLine, startColumn: 1, endLine: startLine, endColumn: 1 }, exact: false };
    const { location, exact } = parsed.locate(path);
    return { location: shifted(location, shift), exact };
  };
}

function shifted(location: Location, lines: number): Location {
  return { ...location, startLine: location.startLine + lines, endLine: location.endLine + lines };
}
