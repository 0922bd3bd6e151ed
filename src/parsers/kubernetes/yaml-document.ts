import type { Location } from '../../core/finding.js';
import type { JsonPath } from '../../core/fix.js';

export interface Located {
  location: Location;
  /** False when the path does not exist and the location is that of its nearest existing ancestor. */
  exact: boolean;
}

/** One YAML document with its plain value and a map from field paths back to source positions. */
export interface YamlDocument {
  file: string;
  index: number;
  text: string;
  /** Plain value of the document. */
  value: unknown;
  /** 1-based first and last lines of the document's content (0 for an empty document). */
  startLine: number;
  endLine: number;
  /**
   * The range a user should look at for `path`: for a scalar field, its `key: value` text; for a
   * collection, its key. A missing field points at its nearest existing ancestor.
   */
  locate(path: JsonPath): Located;
  /** Last line of the key/value pair or sequence item that starts on `line`, if one does. */
  nodeEndLine(line: number): number | undefined;
}
