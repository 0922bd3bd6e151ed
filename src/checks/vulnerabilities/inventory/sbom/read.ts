import { readCycloneDx } from './read-cyclonedx.js';
import { readSpdx } from './read-spdx.js';
import { isObject } from './sbom-reader.js';
import type { ReadSbomResult } from './types.js';

/** A guard against hostile input; multi-hundred-megabyte SBOMs do not exist in practice. */
export const MAX_SBOM_CHARS = 256 * 1024 * 1024;

function failure(message: string, line?: number): ReadSbomResult {
  return { packages: [], errors: [line === undefined ? { message } : { message, line }], skipped: [] };
}

/** V8 reports `at position N` (and newer versions `(line L column C)`); turn either into a line number. */
function syntaxErrorLine(text: string, message: string): number | undefined {
  const line = /\(line (\d+) column \d+\)/.exec(message)?.[1];
  if (line) return Number(line);
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined) return undefined;
  return text.slice(0, Number(position)).split('\n').length;
}

/**
 * Reads a CycloneDX (1.4-1.7) or SPDX (2.2, 2.3) JSON SBOM into packages the vulnerability matcher understands. Every
 * package points at `file`, the SBOM itself. Never throws: malformed input ends up in `errors`.
 */
export function readSbom(text: string, file: string): ReadSbomResult {
  if (text.length > MAX_SBOM_CHARS) return failure(`larger than ${MAX_SBOM_CHARS / 1024 / 1024} MiB; not read`);
  const body = text.replace(/^\uFEFF/, '');
  const start = body.trimStart();
  if (start.startsWith('<')) return failure('only JSON SBOMs are read; this looks like XML (CycloneDX XML or SPDX RDF): export it as JSON');
  if (/^SPDXVersion:/m.test(start.slice(0, 4096))) return failure('only JSON SBOMs are read; SPDX tag-value is not: export it as SPDX JSON');
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (err) {
    const message = (err as Error).message;
    return failure(`not valid JSON: ${message}`, syntaxErrorLine(body, message));
  }
  if (!isObject(document)) return failure('not an SBOM: the JSON is not an object');
  if (document['bomFormat'] === 'CycloneDX') return readCycloneDx(document, file);
  if (document['spdxVersion'] !== undefined) return readSpdx(document, file);
  return failure('not an SBOM: neither CycloneDX (no bomFormat "CycloneDX") nor SPDX (no spdxVersion)');
}
