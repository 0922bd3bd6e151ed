import yaml from 'js-yaml';
import type { JsonPath } from '../../core/fix.js';
import type { Located, YamlDocument } from './documents.js';
import { parseYamlFile } from './documents.js';

/**
 * A document for an object that arrives as a value (an admission request, an API response) rather than as
 * text. Rules only read the value; the YAML text and its position index are built the first time a finding
 * needs a location, so an object that passes every rule never pays for them.
 */
export function valueDocument(file: string, value: Record<string, unknown>): YamlDocument {
  let parsed: YamlDocument | undefined;
  const document = (): YamlDocument => {
    if (!parsed) {
      const [first] = parseYamlFile(file, yaml.dump(value, { noRefs: true, lineWidth: -1 })).documents;
      if (!first) throw new Error(`${file}: the object could not be written as YAML`);
      parsed = first;
    }
    return parsed;
  };
  return {
    file,
    index: 0,
    get text() {
      return document().text;
    },
    value,
    get startLine() {
      return document().startLine;
    },
    get endLine() {
      return document().endLine;
    },
    locate: (path: JsonPath): Located => document().locate(path),
    nodeEndLine: (line: number) => document().nodeEndLine(line),
  };
}
