import type { JsonPath } from '../../../core/fix.js';
import type { KubernetesObject } from '../../../parsers/kubernetes/objects.js';
import { asArray, asRecord, getPath } from '../../../parsers/kubernetes/values.js';
import { containersOf, podTemplateOf } from '../../../parsers/kubernetes/workloads.js';
import { decodeText, looksBinary } from '../../../sources/binary.js';
import type { SecretMatch } from '../types.js';
import { decodeSecretData } from './secret-data.js';

/** The API server stores at most 1 MiB per Secret or ConfigMap, so no value it accepts decodes to more. */
export const MAX_DECODED_VALUE_BYTES = 1024 * 1024;
/** Decoded bytes per object over all its values: a manifest is not bound by what the API server would store. */
export const MAX_DECODED_OBJECT_BYTES = 2 * 1024 * 1024;

/** A base64 value of an object (Secret `data`, ConfigMap `binaryData`), decoded for the search. */
export interface DecodedValue {
  path: JsonPath;
  /** Where the value came from, for messages: `Secret data key "token"`. */
  origin: string;
  /** The decoded value under its key, as a manifest would write it in the clear: `token: <value>`. */
  text: string;
}

export interface EncodedValues {
  decoded: DecodedValue[];
  /**
   * Every base64 value, decoded or not. A text search of the manifest sees only their encoding: what it finds there is
   * either found again decoded or, for a value the API server would reject, not a value at all.
   */
  paths: JsonPath[];
  /** Values left out by the size limits, with why. */
  skipped: Array<{ path: JsonPath; reason: string }>;
}

/** A value an object holds in the clear, written as a manifest writes it (`key: value`, or an env entry). */
export interface ClearValue {
  path: JsonPath;
  text: string;
}

const ENCODED_FIELDS: Readonly<Record<string, string>> = { Secret: 'data', ConfigMap: 'binaryData' };

/**
 * The base64 values of a Secret (`data`) or ConfigMap (`binaryData`), decoded as the API server decodes them.
 * A value the API server would reject (not padded standard base64) and binary content (a keystore, an image) are
 * not searched; values past the size limits are reported as skipped.
 */
export function encodedValuesOf(object: KubernetesObject): EncodedValues {
  const result: EncodedValues = { decoded: [], paths: [], skipped: [] };
  const field = Object.hasOwn(ENCODED_FIELDS, object.kind) ? ENCODED_FIELDS[object.kind]! : undefined;
  const entries = field === undefined ? undefined : asRecord(object.raw[field]);
  if (!field || !entries) return result;
  let budget = MAX_DECODED_OBJECT_BYTES;
  for (const [key, value] of Object.entries(entries)) {
    if (typeof value !== 'string') continue;
    const path = [field, key];
    result.paths.push(path);
    // Four characters decode to at most three bytes: the limits are checked before anything is decoded.
    const bound = Math.floor(value.length / 4) * 3;
    if (bound > MAX_DECODED_VALUE_BYTES || bound > budget) {
      const limit = bound > MAX_DECODED_VALUE_BYTES ? `the ${MAX_DECODED_VALUE_BYTES} bytes a value may hold` : `the ${MAX_DECODED_OBJECT_BYTES} bytes searched per object`;
      result.skipped.push({ path, reason: `${object.kind} ${field} key ${quoted(key)} was not searched for secrets: it decodes to more than ${limit}` });
      continue;
    }
    const bytes = decodeSecretData(value);
    if (!bytes || bytes.length === 0 || looksBinary(bytes)) continue;
    budget -= bytes.length;
    result.decoded.push({ path, origin: `${object.kind} ${field} key ${quoted(key)}`, text: entryText(key, decodeText(bytes), false) });
  }
  return result;
}

/**
 * The values an object holds in the clear where credentials get written: Secret `stringData`, ConfigMap `data`, the
 * env values, commands and arguments of its containers and its annotations (and its pod template's), each written as
 * in a manifest so that detectors that read a key before a value see the same context a scan of the file gives them.
 */
export function clearValuesOf(object: KubernetesObject): ClearValue[] {
  const values: ClearValue[] = [];
  const addEntries = (path: JsonPath) => {
    const record = asRecord(getPath(object.raw, path));
    if (!record) return;
    for (const [key, value] of Object.entries(record)) {
      if (typeof value === 'string' && value !== '') values.push({ path: [...path, key], text: entryText(key, value, true) });
    }
  };
  if (object.kind === 'Secret') addEntries(['stringData']);
  if (object.kind === 'ConfigMap') addEntries(['data']);
  addEntries(['metadata', 'annotations']);
  const pod = podTemplateOf(object);
  if (!pod) return values;
  // A Pod's metadata is the object's own, read above.
  if (pod.metadataPath.length > 1) addEntries([...pod.metadataPath, 'annotations']);
  for (const ref of containersOf(pod)) {
    for (const field of ['command', 'args']) {
      asArray(ref.container[field]).forEach((item, index) => {
        if (typeof item === 'string' && item !== '') values.push({ path: [...ref.path, field, index], text: itemText(item) });
      });
    }
    asArray(ref.container.env).forEach((item, index) => {
      const env = asRecord(item);
      if (!env || typeof env.value !== 'string' || env.value === '') return;
      const value = entryText('value', env.value, true).replace(/\n/g, '\n  ');
      values.push({ path: [...ref.path, 'env', index, 'value'], text: typeof env.name === 'string' ? `- name: ${env.name}\n  ${value}` : `- ${value}` });
    });
  }
  return values;
}

/** A match and the value it was found in. */
export interface ValueMatch<V> {
  value: V;
  match: SecretMatch;
}

/** Each decoded value searched on its own, since each finding names the value it was decoded from. */
export function searchDecodedValues(values: readonly DecodedValue[], scan: (text: string) => SecretMatch[]): Array<ValueMatch<DecodedValue>> {
  return values.flatMap((value) => scan(value.text).map((match) => ({ value, match })));
}

/** The clear values searched as one text, one value after another; each match is given back to its value by line. */
export function searchClearValues(values: readonly ClearValue[], scan: (text: string) => SecretMatch[]): Array<ValueMatch<ClearValue>> {
  if (values.length === 0) return [];
  const firstLines: number[] = [];
  let line = 1;
  for (const value of values) {
    firstLines.push(line);
    line += lineCount(value.text);
  }
  return scan(values.map((v) => v.text).join('\n')).map((match) => {
    let i = firstLines.length - 1;
    while (i > 0 && firstLines[i]! > match.line) i--;
    return { value: values[i]!, match };
  });
}

/** `key: value`, a multi-line value below its key as a block scalar (indented when written inside a manifest). */
function entryText(key: string, value: string, indent: boolean): string {
  if (!value.includes('\n')) return `${key}: ${value}`;
  const body = value.replace(/\n$/, '');
  return `${key}: |\n${indent ? `  ${body.replace(/\n/g, '\n  ')}` : body}`;
}

/** A list item: `- value`, a multi-line one (a `sh -c` script) as an indented block scalar. */
function itemText(value: string): string {
  return value.includes('\n') ? `- |\n  ${value.replace(/\n$/, '').replace(/\n/g, '\n  ')}` : `- ${value}`;
}

function lineCount(text: string): number {
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Keys come from the manifest: quoted, and cut short, before they go into a message. */
function quoted(key: string): string {
  return JSON.stringify(key.length > 100 ? `${key.slice(0, 100)}…` : key);
}
